import { createRouter, createWebHistory } from 'vue-router';
import { PrivacyPage } from './PrivacyPage.js';
import { Cart, Checkout, Products } from './pages.js';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'products', component: Products },
    { path: '/cart', name: 'cart', component: Cart },
    { path: '/checkout', name: 'checkout', component: Checkout },
    { path: '/privacy', name: 'privacy', component: PrivacyPage },
  ],
});
