import { record } from '@rrweb/record';

/** rrweb's record alone, with input masking: the floor any rrweb-based SDK builds on. */
export async function start(): Promise<void> {
  const events: unknown[] = [];
  (window as unknown as { __events: unknown[] }).__events = events;
  record({ emit: (event) => events.push(event), maskAllInputs: true });
}
