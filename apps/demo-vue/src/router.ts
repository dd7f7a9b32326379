import { createRouter, createWebHistory } from 'vue-router';
import { Cart, Checkout, Products } from './pages.js';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'products', component: Products },
    { path: '/cart', name: 'cart', component: Cart },
    { path: '/checkout', name: 'checkout', component: Checkout },
  ],
});
