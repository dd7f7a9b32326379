/** A session as `GET /api/sessions` returns it. */
export interface SessionSummary {
  id: string;
  distinctId: string | null;
  startTime: number;
  endTime: number;
  durationMs: number;
  activeMs: number;
  firstUrl: string | null;
  eventCount: number;
  pageviewCount: number;
  clickCount: number;
  keypressCount: number;
  consoleErrorCount: number;
  rageClickCount: number;
  deadClickCount: number;
  chunkCount: number;
  sizeBytes: number;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  ongoing: boolean;
}

export interface Me {
  name: string;
  role: 'viewer' | 'editor' | 'admin';
}

const KEY = 'tapedeck_api_key';

/** The API key the viewer logged in with (kept in this browser). */
export const apiKey = {
  get: () => localStorage.getItem(KEY),
  set: (key: string) => localStorage.setItem(KEY, key),
  clear: () => localStorage.removeItem(KEY),
};

export const authHeaders = (): Record<string, string> => {
  const key = apiKey.get();
  return key ? { Authorization: `Bearer ${key}` } : {};
};

/** Thrown for a 401, so the app can ask to log in again. */
export class Unauthorized extends Error {}

export async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { ...authHeaders(), ...init.headers } });
  const body = (response.status === 204 ? {} : await response.json().catch(() => ({}))) as {
    error?: string;
  };
  if (response.status === 401) throw new Unauthorized(body.error ?? 'Log in again.');
  if (!response.ok) throw new Error(body.error ?? `The server answered ${response.status}.`);
  return body as T;
}
