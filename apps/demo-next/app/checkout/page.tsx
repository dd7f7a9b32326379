'use client';
import { Mask, useRecorder } from '@tapedeck/next';
import { totalOf, useCart } from '../Cart';

export default function Checkout() {
  const { items } = useCart();
  const recorder = useRecorder();
  const total = totalOf(items);
  return (
    <form className="checkout" onSubmit={(e) => e.preventDefault()}>
      <h1>Checkout</h1>
      <label>
        Name <input name="name" autoComplete="off" />
      </label>
      <Mask>
        <label>
          Email <input name="email" type="email" autoComplete="off" />
        </label>
        <label>
          Card number <input name="card" autoComplete="off" />
        </label>
      </Mask>
      {/* A decoy: it looks like it does something, and does nothing (a dead click). */}
      <button type="button" className="decoy">
        Apply gift card
      </button>
      <button
        type="button"
        onClick={() => {
          recorder.capture('payment_started', { total });
          throw new Error('Payment failed: the card processor is unreachable');
        }}
      >
        Pay ${total}
      </button>
    </form>
  );
}
