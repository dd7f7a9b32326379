import { Mask, useRecorder, useRecorderState } from '@tapedeck/react';
import { useState } from 'react';
import { PrivacyPage } from './PrivacyPage.js';
import { usePath } from './usePath.js';

const PRODUCTS = [
  { id: 'beans', name: 'Espresso beans', price: 14 },
  { id: 'mug', name: 'Ceramic mug', price: 9 },
  { id: 'grinder', name: 'Hand grinder', price: 59 },
];

export function App() {
  const [path, go] = usePath();
  const [cart, setCart] = useState<string[]>([]);
  const status = useRecorderState((s) => s.status);
  const recorder = useRecorder();
  const total = cart.reduce((sum, id) => sum + (PRODUCTS.find((p) => p.id === id)?.price ?? 0), 0);

  return (
    <div className="shop">
      <header>
        <button type="button" className="link" onClick={() => go('/')}>
          React coffee shop
        </button>
        <button type="button" className="link" onClick={() => go('/cart')}>
          Cart ({cart.length})
        </button>
        <small>recorder: {status}</small>
      </header>
      {path === '/' && (
        <ul className="products">
          {PRODUCTS.map((p) => (
            <li key={p.id}>
              <strong>{p.name}</strong> ${p.price}{' '}
              <button
                type="button"
                onClick={() => {
                  setCart((c) => [...c, p.id]);
                  recorder.capture('added_to_cart', { product: p.id });
                }}
              >
                Add {p.name} to cart
              </button>
            </li>
          ))}
        </ul>
      )}
      {path === '/cart' && (
        <section>
          <h1>Your cart</h1>
          <ul>
            {PRODUCTS.filter((p) => cart.includes(p.id)).map((p) => (
              <li key={p.id}>
                {p.name} × {cart.filter((id) => id === p.id).length}
              </li>
            ))}
          </ul>
          <p>Total: ${total}</p>
          <button type="button" onClick={() => go('/checkout')} disabled={cart.length === 0}>
            Checkout
          </button>
        </section>
      )}
      {path === '/privacy' && <PrivacyPage />}
      {path === '/checkout' && (
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
              Card number <input name="card" inputMode="numeric" autoComplete="off" />
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
      )}
    </div>
  );
}
