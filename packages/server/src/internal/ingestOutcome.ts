/** What became of one request to `POST /s/`, as the metrics count it. */
export const INGEST_OUTCOMES = [
  'accepted',
  'duplicate',
  'rate_limit',
  'quota',
  'session_limit',
  'too_large',
  'bad_body',
  'auth',
  'error',
] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

/**
 * The outcome of an answered ingest request, from its status and the headers the refusals
 * set (`X-Tapedeck-Quota`, `X-Tapedeck-Limit`); `duplicate` for a 2xx of a chunk stored before.
 */
export function ingestOutcome(
  status: number,
  header: (name: string) => unknown,
  duplicate: boolean,
): IngestOutcome {
  if (status < 300) return duplicate ? 'duplicate' : 'accepted';
  if (status === 401 || status === 403) return 'auth';
  if (status === 413) return 'too_large';
  if (status === 429) {
    if (header('x-tapedeck-quota')) return 'quota';
    // The session's caps: it will not pass later (the rates' limits are client, session-rate, project).
    if (header('x-tapedeck-limit') === 'session') return 'session_limit';
    return 'rate_limit';
  }
  if (status < 500) return 'bad_body';
  return 'error';
}
