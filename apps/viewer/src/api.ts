import type { ApiKey, CustomEvent, EventPage } from '@tapedeck/protocol/api';

// The API's wire types are the server's own route schemas, from @tapedeck/protocol/api.
export type {
  Alert,
  AlertDelivery,
  AlertDeliveryList,
  ApiKey,
  Comment,
  CustomEvent,
  ErrorGroupDetail,
  ErrorGroupPage,
  ErrorGroupSummary,
  Notebook,
  Person,
  PersonWithSessions,
  Playlist,
  PlaylistView,
  SessionDetail,
  SessionPage,
  SessionSummary,
  Settings,
  StackFrame,
  Usage,
  VitalsSummary,
} from '@tapedeck/protocol/api';

/** The key the viewer is logged in with (`GET /api/me`). */
export type Me = ApiKey;

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

/** Every timeline marker of a session, a page at a time. */
export async function getAllEvents(sessionId: string): Promise<CustomEvent[]> {
  const events: CustomEvent[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const page: EventPage = await getJson<EventPage>(
      `/api/sessions/${sessionId}/events?offset=${offset}`,
    );
    events.push(...page.events);
    offset = page.next;
  }
  return events;
}
