import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type Role = 'viewer' | 'editor' | 'admin';
export const ROLES: Role[] = ['viewer', 'editor', 'admin'];

/** Whether `role` may do what `needed` allows: admin > editor > viewer. */
export const allows = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** A new personal API key; only its hash is stored. */
export const newKey = () => `tdk_${randomBytes(24).toString('base64url')}`;

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
