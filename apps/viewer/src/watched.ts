import { useSyncExternalStore } from 'react';

const KEY = 'tapedeck_watched';
/** The most recordings remembered; the oldest are forgotten first. */
const MAX = 2000;
const listeners = new Set<() => void>();
let cache: string | null = null;
let ids = new Set<string>();

function read(): Set<string> {
  const raw = localStorage.getItem(KEY);
  if (raw !== cache) {
    cache = raw;
    try {
      ids = new Set(raw ? (JSON.parse(raw) as string[]) : []);
    } catch {
      ids = new Set();
    }
  }
  return ids;
}

/** Remembers, in this browser, that recording `id` was watched. */
export function markWatched(id: string): void {
  const list = [...read()].filter((x) => x !== id);
  list.push(id);
  localStorage.setItem(KEY, JSON.stringify(list.slice(-MAX)));
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
};

/** The recordings watched in this browser (another tab's too). */
export function useWatched(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, read);
}
