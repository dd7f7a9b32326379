'use client';
import { useRecorder } from '@tapedeck/react';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Puts each app-router navigation on the timeline as `$route` (page views themselves are
 * recorded by core from the history change). Rendered inside Suspense, so reading the search
 * params does not opt static pages out of static rendering.
 */
export function RouteEvents() {
  const recorder = useRecorder();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => {
    recorder.capture('$route', { path: search ? `${pathname}?${search}` : pathname });
  }, [recorder, pathname, search]);
  return null;
}
