/**
 * Requests handled at once per owner (a client address); the rest wait, in order, until
 * one of its own ends. One address opening many connections then waits behind itself:
 * another address's request is never behind more than `limit` of its.
 */
export class Turns {
  readonly #limit: number;
  readonly #owners = new Map<string, { running: number; waiting: Set<() => void> }>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Owners with a request running or waiting. */
  get owners(): number {
    return this.#owners.size;
  }

  /**
   * `turn` settles when the request may go on; call `done` once when it ends, whether its
   * turn came or not (a client that went away while waiting leaves the line).
   */
  enter(owner: string): { turn: Promise<void>; done: () => void } {
    let state = this.#owners.get(owner);
    if (!state) {
      state = { running: 0, waiting: new Set() };
      this.#owners.set(owner, state);
    }
    const mine = state;
    let granted = false;
    let ended = false;
    let grant = () => {};
    const turn = new Promise<void>((resolve) => {
      grant = () => {
        granted = true;
        mine.running += 1;
        resolve();
      };
    });
    if (mine.running < this.#limit) grant();
    else mine.waiting.add(grant);
    const done = () => {
      if (ended) return;
      ended = true;
      if (granted) {
        mine.running -= 1;
        const next = mine.waiting.values().next();
        if (!next.done) {
          mine.waiting.delete(next.value);
          next.value();
        }
      } else mine.waiting.delete(grant);
      if (mine.running === 0 && mine.waiting.size === 0) this.#owners.delete(owner);
    };
    return { turn, done };
  }
}
