import { useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The path after `#`, e.g. `/sessions/abc`; `/` when there is none. */
export function useHashRoute(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.slice(1) || '/');
}
