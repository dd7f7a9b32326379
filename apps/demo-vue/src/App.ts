import { useRecorderState } from '@tapedeck/vue';
import { defineComponent, h } from 'vue';
import { RouterLink, RouterView } from 'vue-router';
import { cart } from './cart.js';

export const App = defineComponent({
  name: 'ShopApp',
  setup() {
    const state = useRecorderState();
    return () =>
      h('div', { class: 'shop' }, [
        h('header', [
          h(RouterLink, { to: '/', class: 'link' }, () => 'Vue coffee shop'),
          h(RouterLink, { to: '/cart', class: 'link' }, () => `Cart (${cart.length})`),
          h('small', `recorder: ${state.value.status}`),
        ]),
        h(RouterView),
      ]);
  },
});
