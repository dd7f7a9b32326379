import { readJson, writeJson } from '../internal/storage.js';

const KEY = 'td_session_flags';
const local = () => window.localStorage;

type Flag = 'triggered' | 'errored';

/** Per-session facts that later page loads of the session must know: a trigger fired, an error happened. */
export function hasFlag(sessionId: string, flag: Flag): boolean {
  const stored = readJson<{ sessionId: string; flags: Flag[] }>(local, KEY);
  return stored?.sessionId === sessionId && stored.flags.includes(flag);
}

export function setFlag(sessionId: string, flag: Flag): void {
  const stored = readJson<{ sessionId: string; flags: Flag[] }>(local, KEY);
  const flags = stored?.sessionId === sessionId ? stored.flags : [];
  if (!flags.includes(flag)) writeJson(local, KEY, { sessionId, flags: [...flags, flag] });
}
