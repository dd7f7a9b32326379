/** A session as `GET /api/sessions` returns it. */
export interface SessionSummary {
  id: string;
  distinctId: string | null;
  startTime: number;
  endTime: number;
  durationMs: number;
  firstUrl: string | null;
  eventCount: number;
  pageviewCount: number;
  clickCount: number;
  keypressCount: number;
  chunkCount: number;
  sizeBytes: number;
  userAgent: string | null;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
  return body as T;
}
