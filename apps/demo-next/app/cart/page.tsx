'use client';
import Link from 'next/link';
import { PRODUCTS, totalOf, useCart } from '../Cart';

export default function CartPage() {
  const { items } = useCart();
  return (
    <section>
      <h1>Your cart</h1>
      <ul>
        {PRODUCTS.filter((p) => items.includes(p.id)).map((p) => (
          <li key={p.id}>
            {p.name} × {items.filter((id) => id === p.id).length}
          </li>
        ))}
      </ul>
      <p>Total: ${totalOf(items)}</p>
      <Link href="/checkout">Checkout</Link>
    </section>
  );
}
