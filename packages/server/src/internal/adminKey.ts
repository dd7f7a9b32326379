import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';
import { hashKey, newKey } from './keys.js';

/** Where a first start leaves the admin key it made, readable by the server's user only. */
export const ADMIN_KEY_FILE = 'admin-key.txt';

const MIN_LENGTH = 24;
const MIN_BITS = 72;

/**
 * Roughly how many bits of guessing a key takes: its length times the entropy of its
 * characters, less what repeats and runs (`abab…`, `abcd…`) give away.
 */
export function keyStrengthBits(key: string): number {
  const counts = new Map<string, number>();
  for (const c of key) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / key.length) * Math.log2(n / key.length);
  // Characters that follow from the one two back, or from the one before by ±1, add nothing.
  let predictable = 0;
  for (let i = 1; i < key.length; i++) {
    const step = key.charCodeAt(i) - key.charCodeAt(i - 1);
    if (Math.abs(step) <= 1 || key[i] === key[i - 2]) predictable++;
  }
  return (key.length - predictable) * perChar;
}

/** Throws, naming the problem and the fix, for a key an attacker could guess. */
export function checkChosenKey(key: string, what = '--admin-key'): void {
  const bits = keyStrengthBits(key);
  if (key.length < MIN_LENGTH || bits < MIN_BITS)
    throw new Error(
      `${what} is too easy to guess (${key.length} characters, about ${Math.round(bits)} bits; at least ${MIN_LENGTH} characters and ${MIN_BITS} bits are needed): use a random key, e.g. \`openssl rand -base64 32\`, or leave it out and Tapedeck makes one.`,
    );
}

/**
 * Stores the configured admin key (checked for entropy), or, if the project has no key at
 * all, makes one: it is returned (printed once) and written to `admin-key.txt` in the data
 * folder with mode 0600, since stdout often ends in shared logs.
 */
export async function ensureAdminKey(
  metadata: MetadataStore,
  project: Project,
  configured: string | undefined,
  dataDir: string,
): Promise<string | null> {
  if (configured) {
    checkChosenKey(configured);
    const hash = hashKey(configured);
    if (!(await metadata.findApiKey(hash)))
      await metadata.addApiKey(project.id, {
        name: 'admin (configured)',
        role: 'admin',
        hash,
        prefix: configured.slice(0, 8),
      });
    return null;
  }
  if ((await metadata.listApiKeys(project.id)).length > 0) return null;
  const key = newKey();
  writeFileSync(join(dataDir, ADMIN_KEY_FILE), `${key}\n`, { mode: 0o600 });
  await metadata.addApiKey(project.id, {
    name: 'admin',
    role: 'admin',
    hash: hashKey(key),
    prefix: key.slice(0, 8),
  });
  return key;
}
