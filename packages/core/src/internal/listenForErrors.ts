import { errorPayload } from './errorPayload.js';

/**
 * Hands `error` and `unhandledrejection` to `report` as `$exception` payloads. Returns the
 * function that stops listening.
 */
export function listenForErrors(report: (payload: Record<string, unknown>) => void): () => void {
  const onError = (event: ErrorEvent) =>
    report({
      ...errorPayload(event.error ?? event.message, 'window.onerror'),
      filename: event.filename,
      lineno: event.lineno,
      colno: event.colno,
    });
  const onRejection = (event: PromiseRejectionEvent) =>
    report(errorPayload(event.reason, 'unhandledrejection'));
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
