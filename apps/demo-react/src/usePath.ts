import { useCallback, useSyncExternalStore } from 'react';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
};

/** A tiny client-side router: the path, and a function that goes to another. */
export function usePath(): [string, (path: string) => void] {
  const path = useSyncExternalStore(
    subscribe,
    () => location.pathname,
    () => '/',
  );
  const go = useCallback((to: string) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, []);
  return [path, go];
}
