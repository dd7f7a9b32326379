import { el } from './el.js';
import { formatTime } from './formatTime.js';
import { NetworkDetail } from './NetworkDetail.js';

export interface NetworkEntry {
  atMs: number;
  method: string;
  url: string;
  status: number | null;
  durationMs: number;
  /** `fetch`, `xmlhttprequest`, `img`, `script`, … */
  initiator?: string;
  requestHeaders?: Record<string, string>;
  responseHeaders?: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
}

/**
 * Every recorded network request: method, URL, status, duration and a waterfall of its timing
 * against the whole recording. The request at the current time is highlighted and those still
 * ahead are dimmed; clicking a URL opens the request's headers, bodies and timing.
 */
export class NetworkPanel {
  readonly element = el('section', 'td-player-network');
  readonly #table = el('table', 'td-network-table');
  readonly #detail: NetworkDetail;
  #entries: NetworkEntry[] = [];
  #rows: HTMLTableRowElement[] = [];
  #bars: HTMLElement[] = [];
  #now = 0;
  #duration = 0;
  #current = -2;

  constructor() {
    this.element.hidden = true;
    this.element.setAttribute('aria-label', 'Network');
    const title = el('div', 'td-player-console-bar', 'Network');
    this.#detail = new NetworkDetail(() => this.#open(null));
    this.element.append(title, this.#table, this.#detail.element);
  }

  add(entries: NetworkEntry[]): void {
    if (entries.length === 0) return;
    this.#entries.push(...entries);
    this.#entries.sort((a, b) => a.atMs - b.atMs);
    this.element.hidden = false;
    this.#render();
  }

  /** Follows playback at `ms` of a recording `duration` ms long. */
  at(ms: number, duration = this.#duration): void {
    this.#now = ms;
    if (duration !== this.#duration) {
      this.#duration = duration;
      this.#place();
    }
    if (duration > 0) this.element.style.setProperty('--td-now', `${(ms / duration) * 100}%`);
    let current = -1;
    while (current + 1 < this.#entries.length && this.#entries[current + 1]!.atMs <= ms) current++;
    if (current === this.#current) return;
    this.#current = current;
    this.#rows.forEach((row, i) => {
      row.classList.toggle('td-future', i > current);
      row.classList.toggle('td-current', i === current);
      if (i === current) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    });
    this.#rows[current]?.scrollIntoView?.({ block: 'nearest' });
  }

  #render(): void {
    this.#bars = [];
    this.#rows = this.#entries.map((e) => {
      const row = document.createElement('tr');
      if (e.status === 0 || (e.status ?? 0) >= 400) row.className = 'td-network-failed';
      const open = el('button', 'td-network-open', e.url);
      open.type = 'button';
      open.title = `${e.method} ${e.url}: open its detail`;
      open.addEventListener('click', () => this.#open(e));
      const bar = el('span', 'td-network-bar');
      bar.title = `${formatTime(e.atMs)} + ${e.durationMs} ms`;
      this.#bars.push(bar);
      const cells: (string | HTMLElement)[] = [formatTime(e.atMs), e.method, open];
      cells.push(String(e.status ?? '—'));
      cells.push(`${e.durationMs} ms`, bar);
      for (const content of cells) {
        const cell = el('td', content === bar ? 'td-network-waterfall' : '');
        cell.append(content);
        row.append(cell);
      }
      return row;
    });
    this.#table.replaceChildren(...this.#rows);
    this.#place();
    this.#current = -2;
    this.at(this.#now);
  }

  /** Puts each request's bar where it falls in the recording. */
  #place(): void {
    const total = this.#duration || 1;
    this.#entries.forEach((e, i) => {
      const bar = this.#bars[i];
      if (!bar) return;
      bar.style.left = `${Math.min(100, (e.atMs / total) * 100)}%`;
      bar.style.width = `${Math.min(100, (e.durationMs / total) * 100)}%`;
    });
  }

  #open(entry: NetworkEntry | null): void {
    this.#detail.show(entry);
    this.element.classList.toggle('td-network-detailed', entry !== null);
  }
}
