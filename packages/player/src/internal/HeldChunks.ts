import type { ChunkLine } from './ndjsonLines.js';

/**
 * The chunks a player holds, by window and seq (a recorder numbers each window's chunks from
 * 0): which line is one it has already, and how to ask the server for only the rest.
 */
export class HeldChunks {
  readonly #seqs = new Map<string, Set<number>>();
  /** Per window, how many seqs from 0 are held without a gap. */
  readonly #unbroken = new Map<string, number>();

  /** Takes the line's chunk: false when it was held already. A line without a seq is new. */
  add({ windowId, seq }: ChunkLine): boolean {
    if (typeof seq !== 'number') return true;
    const w = typeof windowId === 'string' ? windowId : '';
    const seqs = this.#seqs.get(w) ?? new Set<number>();
    this.#seqs.set(w, seqs);
    if (seqs.has(seq)) return false;
    seqs.add(seq);
    let n = this.#unbroken.get(w) ?? 0;
    while (seqs.has(n)) n += 1;
    this.#unbroken.set(w, n);
    return true;
  }

  /**
   * `url` asking only for chunks past each window's unbroken run from seq 0 (`after`): a chunk
   * that arrived out of order is sent again rather than missed, and skipped by `add`.
   */
  resume(url: string): string {
    const after = [...this.#unbroken]
      .filter(([w, n]) => w && n > 0)
      .map(([w, n]) => `${w}:${n - 1}`)
      .join(',');
    // Past what a URL should carry (hundreds of windows): the whole recording, deduplicated.
    if (!after || after.length > 2000) return url;
    return `${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}`;
  }
}
