/** A stable number in [0, 1) from a string (FNV-1a), so a session is sampled the same everywhere. */
export function hashToUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** Whether the session with this id is recorded at `rate` (0 to 1). */
export const isSampledIn = (sessionId: string, rate: number): boolean =>
  rate >= 1 || (rate > 0 && hashToUnit(sessionId) < rate);
