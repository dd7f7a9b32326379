import { Mask, useRecorder } from '@tapedeck/vue';
import { defineComponent, h } from 'vue';
import { useRouter } from 'vue-router';
import { cart, PRODUCTS, total } from './cart.js';

export const Products = defineComponent({
  name: 'ProductsPage',
  setup() {
    const recorder = useRecorder();
    return () =>
      h(
        'ul',
        { class: 'products' },
        PRODUCTS.map((p) =>
          h('li', { key: p.id }, [
            h('strong', p.name),
            ` $${p.price} `,
            h(
              'button',
              {
                type: 'button',
                onClick: () => {
                  cart.push(p.id);
                  recorder.capture('added_to_cart', { product: p.id });
                },
              },
              `Add ${p.name} to cart`,
            ),
          ]),
        ),
      );
  },
});

export const Cart = defineComponent({
  name: 'CartPage',
  setup() {
    const router = useRouter();
    return () =>
      h('section', [
        h('h1', 'Your cart'),
        h(
          'ul',
          PRODUCTS.filter((p) => cart.includes(p.id)).map((p) =>
            h('li', { key: p.id }, `${p.name} × ${cart.filter((id) => id === p.id).length}`),
          ),
        ),
        h('p', `Total: $${total.value}`),
        h(
          'button',
          { type: 'button', disabled: cart.length === 0, onClick: () => router.push('/checkout') },
          'Checkout',
        ),
      ]);
  },
});

export const Checkout = defineComponent({
  name: 'CheckoutPage',
  setup() {
    const recorder = useRecorder();
    const field = (label: string, name: string, type = 'text') =>
      h('label', [label, ' ', h('input', { name, type, autocomplete: 'off' })]);
    return () =>
      h('form', { class: 'checkout', onSubmit: (e: Event) => e.preventDefault() }, [
        h('h1', 'Checkout'),
        field('Name', 'name'),
        h(Mask, null, () => [field('Email', 'email', 'email'), field('Card number', 'card')]),
        // A decoy: it looks like it does something, and does nothing (a dead click).
        h('button', { type: 'button', class: 'decoy' }, 'Apply gift card'),
        h(
          'button',
          {
            type: 'button',
            onClick: () => {
              recorder.capture('payment_started', { total: total.value });
              throw new Error('Payment failed: the card processor is unreachable');
            },
          },
          `Pay $${total.value}`,
        ),
      ]);
  },
});
