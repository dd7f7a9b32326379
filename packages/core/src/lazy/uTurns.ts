import { TapedeckEvent } from '@tapedeck/protocol';
import { readJson, writeJson } from '../internal/storage.js';

type Emit = (tag: string, payload: Record<string, unknown>) => void;

const KEY = 'td_pageviews';
const perTab = () => window.sessionStorage;

/**
 * A U-turn: arriving on a page and going back to the previous one within `thresholdMs`
 * (default 3 s). The last two page views are kept per tab, so full page loads count too.
 */
export class UTurns {
  readonly #emit: Emit;
  readonly #thresholdMs: number;

  constructor(emit: Emit, thresholdMs = 3000) {
    this.#emit = emit;
    this.#thresholdMs = thresholdMs;
  }

  pageview(href: string, now = Date.now()): void {
    const history = readJson<{ href: string; at: number }[]>(perTab, KEY) ?? [];
    const previous = history.at(-1);
    const before = history.at(-2);
    if (before && previous && before.href === href && previous.href !== href) {
      const durationMs = now - previous.at;
      if (durationMs <= this.#thresholdMs)
        this.#emit(TapedeckEvent.uTurn, { from: previous.href, to: href, durationMs });
    }
    if (previous?.href !== href) writeJson(perTab, KEY, [...history, { href, at: now }].slice(-2));
  }
}
