'use client';
import { useRecorder } from '@tapedeck/next';
import { PRODUCTS, useCart } from './Cart';

export default function Products() {
  const { add } = useCart();
  const recorder = useRecorder();
  return (
    <ul className="products">
      {PRODUCTS.map((p) => (
        <li key={p.id}>
          <strong>{p.name}</strong> ${p.price}{' '}
          <button
            type="button"
            onClick={() => {
              add(p.id);
              recorder.capture('added_to_cart', { product: p.id });
            }}
          >
            Add {p.name} to cart
          </button>
        </li>
      ))}
    </ul>
  );
}
