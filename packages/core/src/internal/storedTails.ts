/** localStorage keys of chunks kept at page exit until a later page load sends them. */
export const TAIL_PREFIX = 'td_tail:';

/** Forgets every kept chunk (the visitor opted out: nothing of theirs is sent later). */
export function forgetStoredTails(): void {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith(TAIL_PREFIX)) keys.push(key);
    }
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // No storage, nothing kept.
  }
}
