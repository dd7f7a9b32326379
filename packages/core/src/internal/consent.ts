import { readJson, writeJson } from './storage.js';

const KEY = 'td_consent';
const local = () => window.localStorage;

/** The visitor's choice, kept across visits: true opted in, false opted out, null not asked. */
export function readConsent(): boolean | null {
  if (typeof window === 'undefined') return null;
  const value = readJson<boolean>(local, KEY);
  return typeof value === 'boolean' ? value : null;
}

export function writeConsent(value: boolean): void {
  if (typeof window !== 'undefined') writeJson(local, KEY, value);
}
