import type { Recorder } from '@tapedeck/core';

/** SvelteKit's `afterNavigate`, as far as Tapedeck needs it. */
type AfterNavigate = (
  callback: (navigation: {
    to: { url: URL; route: { id: string | null } } | null;
    type: string;
  }) => void,
) => void;

/**
 * Puts each SvelteKit navigation (route id and type) on the timeline as `$route`. Page views
 * themselves are recorded by core from the history changes SvelteKit makes. Call it in your
 * root layout: `trackNavigation(afterNavigate, recorder)`.
 */
export function trackNavigation(afterNavigate: AfterNavigate, recorder: Recorder): void {
  afterNavigate((navigation) => {
    if (!navigation.to) return;
    recorder.capture('$route', {
      path: navigation.to.url.pathname + navigation.to.url.search,
      route: navigation.to.route.id,
      type: navigation.type,
    });
  });
}

type HandleClientError = (input: {
  error: unknown;
  event: { route: { id: string | null } };
  status: number;
  message: string;
}) => unknown;

/**
 * For `hooks.client.ts`: `export const handleError = captureErrors(recorder, yourHandler)`.
 * Records each error as `$exception` with the route and status, then calls your handler.
 */
export function captureErrors(recorder: Recorder, handler?: HandleClientError): HandleClientError {
  return (input) => {
    recorder.captureException(input.error, { route: input.event.route.id, status: input.status });
    return handler?.(input);
  };
}
