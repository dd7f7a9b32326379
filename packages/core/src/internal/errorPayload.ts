/** The `$exception` payload for anything thrown or rejected. */
export function errorPayload(error: unknown, source?: string): Record<string, unknown> {
  const err = error instanceof Error ? error : null;
  return {
    type: err?.name ?? typeof error,
    message: (err ? err.message : String(error)).slice(0, 1000),
    stack: err?.stack?.split('\n').slice(0, 30).join('\n') ?? null,
    ...(source ? { source } : {}),
  };
}
