import { computed, reactive } from 'vue';

export const PRODUCTS = [
  { id: 'beans', name: 'Espresso beans', price: 14 },
  { id: 'mug', name: 'Ceramic mug', price: 9 },
  { id: 'grinder', name: 'Hand grinder', price: 59 },
];

export const cart = reactive<string[]>([]);
export const total = computed(() =>
  cart.reduce((sum, id) => sum + (PRODUCTS.find((p) => p.id === id)?.price ?? 0), 0),
);
