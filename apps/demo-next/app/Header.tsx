'use client';
import { useRecorderState } from '@tapedeck/next';
import Link from 'next/link';
import { useCart } from './Cart';

export function Header() {
  const { items } = useCart();
  const status = useRecorderState((s) => s.status);
  return (
    <header>
      <Link href="/" className="link">
        Next coffee shop
      </Link>
      <Link href="/cart" className="link">
        Cart ({items.length})
      </Link>
      <small>recorder: {status}</small>
    </header>
  );
}
