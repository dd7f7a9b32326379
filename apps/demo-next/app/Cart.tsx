'use client';
import { createContext, type ReactNode, useContext, useState } from 'react';

export const PRODUCTS = [
  { id: 'beans', name: 'Espresso beans', price: 14 },
  { id: 'mug', name: 'Ceramic mug', price: 9 },
  { id: 'grinder', name: 'Hand grinder', price: 59 },
];

const CartContext = createContext<{ items: string[]; add: (id: string) => void }>({
  items: [],
  add: () => {},
});

export function Cart({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<string[]>([]);
  return (
    <CartContext.Provider value={{ items, add: (id) => setItems((c) => [...c, id]) }}>
      {children}
    </CartContext.Provider>
  );
}

export const useCart = () => useContext(CartContext);
export const totalOf = (items: string[]) =>
  items.reduce((s, id) => s + (PRODUCTS.find((p) => p.id === id)?.price ?? 0), 0);
