import { el } from './el.js';
import { formatTime } from './formatTime.js';
import type { NetworkEntry } from './NetworkPanel.js';

/** One request opened: method, URL, status, timing, and headers and bodies when recorded. */
export class NetworkDetail {
  readonly element = el('div', 'td-network-detail');
  readonly #close = el('button', 'td-network-close', 'Close');

  constructor(close: () => void) {
    this.element.hidden = true;
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Request detail');
    this.#close.type = 'button';
    this.#close.addEventListener('click', close);
  }

  show(entry: NetworkEntry | null): void {
    this.element.hidden = entry === null;
    this.element.replaceChildren();
    if (!entry) return;
    const head = el('div', 'td-network-detail-head');
    head.append(el('strong', '', `${entry.method} ${entry.status ?? '—'}`), this.#close);
    const facts = el('dl', 'td-network-facts');
    const fact = (name: string, value: string) =>
      facts.append(el('dt', '', name), el('dd', '', value));
    fact('URL', entry.url);
    fact('Status', entry.status === 0 ? '0 (failed, no response)' : String(entry.status ?? '—'));
    fact('Started', `${formatTime(entry.atMs)} into the recording`);
    fact('Took', `${entry.durationMs} ms`);
    if (entry.initiator) fact('Initiator', entry.initiator);
    this.element.append(
      head,
      facts,
      ...headers('Request headers', entry.requestHeaders),
      ...body('Request body', entry.requestBody),
      ...headers('Response headers', entry.responseHeaders),
      ...body('Response body', entry.responseBody),
    );
  }
}

function headers(title: string, values: Record<string, string> | undefined): HTMLElement[] {
  if (!values || Object.keys(values).length === 0)
    return [el('h4', '', title), el('p', 'td-network-none', 'Not recorded (recordHeaders).')];
  const list = el('dl', 'td-network-headers');
  for (const [name, value] of Object.entries(values))
    list.append(el('dt', '', name), el('dd', '', value));
  return [el('h4', '', title), list];
}

function body(title: string, text: string | undefined): HTMLElement[] {
  if (text === undefined) {
    const why = 'Not recorded (recordBody, for URLs in networkBodyAllowUrls).';
    return [el('h4', '', title), el('p', 'td-network-none', why)];
  }
  return [el('h4', '', title), el('pre', 'td-network-body', pretty(text))];
}

/** JSON indented, anything else as it came. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
