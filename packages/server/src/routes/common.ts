import type { SessionOrder } from '../storage/MetadataStore.js';

/** Session ids as the protocol allows them: letters, digits, _ and -. */
export const SESSION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export const ORDERS: SessionOrder[] = [
  'start',
  'duration',
  'active',
  'clicks',
  'consoleErrors',
  'activity',
];
