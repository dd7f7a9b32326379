import { TapedeckEvent } from '@tapedeck/protocol';
import { describeElement } from './describeElement.js';
import type { Privacy } from './privacy.js';

type Emit = (tag: string, payload: Record<string, unknown>) => void;

const RAGE_CLICKS = 3;
const RAGE_GAP_MS = 1000;
const RAGE_DISTANCE_PX = 30;
const DEAD_MUTATION_MS = 2500;
const DEAD_SCROLL_MS = 100;
/** Clicks on these do something without changing the DOM, so they are never dead. */
const NEVER_DEAD =
  'a[href], input, select, textarea, label, option, [contenteditable], video, audio';

interface Pending {
  at: number;
  target: Element;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Rage clicks (3+ clicks, each within 1 s and 30 px of the last) and dead clicks (a click on
 * something that is not a link, followed by no mutation within 2.5 s, no scroll or text
 * selection within 100 ms and no navigation).
 */
export class ClickSignals {
  readonly #emit: Emit;
  readonly #privacy: Privacy;
  #burst: { x: number; y: number; at: number }[] = [];
  #pending: Pending[] = [];

  constructor(emit: Emit, privacy: Privacy) {
    this.#emit = emit;
    this.#privacy = privacy;
  }

  click(event: MouseEvent, now = Date.now()): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const last = this.#burst.at(-1);
    const near =
      last &&
      now - last.at <= RAGE_GAP_MS &&
      Math.hypot(event.clientX - last.x, event.clientY - last.y) <= RAGE_DISTANCE_PX;
    if (!near) this.#burst = [];
    this.#burst.push({ x: event.clientX, y: event.clientY, at: now });
    if (this.#burst.length === RAGE_CLICKS)
      this.#emit(TapedeckEvent.rageClick, {
        ...describeElement(target, this.#privacy),
        clicks: RAGE_CLICKS,
      });

    if (
      target.closest(NEVER_DEAD) ||
      target === document.body ||
      target === document.documentElement
    )
      return;
    const pending: Pending = {
      at: now,
      target,
      timer: setTimeout(() => {
        this.#pending = this.#pending.filter((p) => p !== pending);
        this.#emit(TapedeckEvent.deadClick, describeElement(target, this.#privacy));
      }, DEAD_MUTATION_MS),
    };
    this.#pending.push(pending);
  }

  /** The DOM changed: clicks in the last 2.5 s did something. */
  mutation(now = Date.now()): void {
    this.#settle((p) => now - p.at <= DEAD_MUTATION_MS);
  }

  /** A scroll or a text selection: clicks in the last 100 ms did something. */
  scrollOrSelection(now = Date.now()): void {
    this.#settle((p) => now - p.at <= DEAD_SCROLL_MS);
  }

  /** A page view or unload: no pending click is dead. */
  navigation(): void {
    this.#settle(() => true);
  }

  #settle(alive: (p: Pending) => boolean): void {
    this.#pending = this.#pending.filter((p) => {
      if (!alive(p)) return true;
      clearTimeout(p.timer);
      return false;
    });
  }

  dispose(): void {
    this.navigation();
  }
}
