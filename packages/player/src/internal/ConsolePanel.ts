import { formatTime } from './formatTime.js';

export interface ConsoleEntry {
  atMs: number;
  level: string;
  text: string;
}

const LEVELS = ['all', 'log', 'info', 'warn', 'error'];

/**
 * The recorded console, following playback: entries up to the current time, filterable by
 * level and searchable. Hidden while the recording has no console entries.
 */
export class ConsolePanel {
  readonly element = document.createElement('section');
  readonly #list = document.createElement('ol');
  readonly #level = document.createElement('select');
  readonly #search = document.createElement('input');
  #entries: ConsoleEntry[] = [];
  #now = 0;
  #shown = -1;

  constructor() {
    this.element.className = 'td-player-console';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Console');
    this.#level.setAttribute('aria-label', 'Console level');
    for (const level of LEVELS) this.#level.append(new Option(level, level));
    this.#search.type = 'search';
    this.#search.placeholder = 'Search the console';
    this.#search.setAttribute('aria-label', 'Search the console');
    const bar = document.createElement('div');
    bar.className = 'td-player-console-bar';
    bar.append('Console', this.#level, this.#search);
    this.element.append(bar, this.#list);
    const refresh = () => this.#render(true);
    this.#level.addEventListener('change', refresh);
    this.#search.addEventListener('input', refresh);
  }

  add(entries: ConsoleEntry[]): void {
    if (entries.length === 0) return;
    this.#entries.push(...entries);
    this.#entries.sort((a, b) => a.atMs - b.atMs);
    this.element.hidden = false;
    this.#render(true);
  }

  /** Shows what had been logged by `ms` into the recording. */
  at(ms: number): void {
    this.#now = ms;
    this.#render(false);
  }

  #render(force: boolean): void {
    const level = this.#level.value;
    const query = this.#search.value.toLowerCase();
    const visible = this.#entries.filter(
      (e) =>
        e.atMs <= this.#now &&
        (level === 'all' || e.level === level) &&
        (!query || e.text.toLowerCase().includes(query)),
    );
    if (!force && visible.length === this.#shown) return;
    this.#shown = visible.length;
    this.#list.replaceChildren(
      ...visible.map((e) => {
        const item = document.createElement('li');
        item.className = `td-console-${e.level}`;
        item.textContent = `${formatTime(e.atMs)}  ${e.level}  ${e.text}`;
        return item;
      }),
    );
    // The last line logged by now is where playback is.
    this.#list.lastElementChild?.classList.add('td-current');
    this.#list.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
  }
}
