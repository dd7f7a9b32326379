import { formatTime } from './formatTime.js';

export interface NetworkEntry {
  atMs: number;
  method: string;
  url: string;
  status: number | null;
  durationMs: number;
}

/** Recorded network requests up to the current time: method, URL, status, duration. */
export class NetworkPanel {
  readonly element = document.createElement('section');
  readonly #table = document.createElement('table');
  #entries: NetworkEntry[] = [];
  #shown = -1;
  #now = 0;

  constructor() {
    this.element.className = 'td-player-network';
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Network');
    const title = document.createElement('div');
    title.className = 'td-player-console-bar';
    title.textContent = 'Network';
    this.element.append(title, this.#table);
  }

  add(entries: NetworkEntry[]): void {
    if (entries.length === 0) return;
    this.#entries.push(...entries);
    this.#entries.sort((a, b) => a.atMs - b.atMs);
    this.element.hidden = false;
    this.#shown = -1;
    this.at(this.#now);
  }

  at(ms: number): void {
    this.#now = ms;
    const visible = this.#entries.filter((e) => e.atMs <= ms);
    if (visible.length === this.#shown) return;
    this.#shown = visible.length;
    this.#table.replaceChildren(
      ...visible.map((e) => {
        const row = document.createElement('tr');
        if (e.status === 0 || (e.status ?? 0) >= 400) row.className = 'td-network-failed';
        for (const text of [
          formatTime(e.atMs),
          e.method,
          e.url,
          String(e.status ?? '—'),
          `${e.durationMs} ms`,
        ]) {
          const cell = document.createElement('td');
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      }),
    );
  }
}
