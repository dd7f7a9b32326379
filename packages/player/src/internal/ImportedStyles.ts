import {
  EventType,
  IncrementalSource,
  type RecordedEvent,
  TapedeckEvent,
} from '@tapedeck/protocol';

interface SerializedNode {
  id?: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}
interface Seen {
  timestamp: number;
  node: SerializedNode;
}

/**
 * rrweb flattens a stylesheet's `@import`s into it, losing their cascade layers and media
 * conditions and shifting rule indices. The recorder reports such sheets' text with each
 * import kept as one rule (`$styles`, just after each full snapshot and when imports load);
 * this puts that text into the recording, in place of rrweb's, before rrweb builds from it —
 * so rules inserted later by index land where they did on the page.
 */
export class ImportedStyles {
  /** Each serialized stylesheet owner (it has `_cssText`), by id, in time order. */
  readonly #seen = new Map<number, Seen[]>();
  readonly #reports = new Map<number, { timestamp: number; css: string }[]>();

  /** Returns true when it changed what was added before (the replay must be built afresh). */
  add(events: readonly RecordedEvent[]): boolean {
    const before = new Set([...this.#seen.values()].flat().map((s) => s.node));
    let changed = false;
    for (const event of events) {
      const data = event.data as {
        source?: number;
        node?: SerializedNode;
        adds?: { node: SerializedNode }[];
        tag?: string;
        payload?: { styles?: { id: number; css: string }[] };
      };
      if (event.type === EventType.FullSnapshot) this.#collect(data.node, event.timestamp);
      else if (
        event.type === EventType.IncrementalSnapshot &&
        data.source === IncrementalSource.Mutation
      )
        for (const add of data.adds ?? []) this.#collect(add.node, event.timestamp);
      else if (event.type === EventType.Custom && data.tag === TapedeckEvent.styles)
        for (const { id, css } of data.payload?.styles ?? []) {
          if (typeof id !== 'number' || typeof css !== 'string') continue;
          push(this.#reports, id, { timestamp: event.timestamp, css });
          changed = true;
        }
      else continue;
      changed = true;
    }
    return changed && this.#patch().some((node) => before.has(node));
  }

  #collect(node: SerializedNode | undefined, timestamp: number): void {
    if (!node) return;
    if (node.id !== undefined && typeof node.attributes?._cssText === 'string')
      push(this.#seen, node.id, { timestamp, node });
    for (const child of node.childNodes ?? []) this.#collect(child, timestamp);
  }

  /** Each serialization of a sheet takes the first report after it, before the next one. */
  #patch(): SerializedNode[] {
    const patched: SerializedNode[] = [];
    for (const [id, reports] of this.#reports) {
      const seen = this.#seen.get(id) ?? [];
      seen.forEach(({ timestamp, node }, i) => {
        const until = seen[i + 1]?.timestamp ?? Number.POSITIVE_INFINITY;
        const report = reports.find((r) => r.timestamp >= timestamp && r.timestamp < until);
        if (report && node.attributes && node.attributes._cssText !== report.css) {
          node.attributes._cssText = report.css;
          patched.push(node);
        }
      });
    }
    return patched;
  }
}

function push<T extends { timestamp: number }>(map: Map<number, T[]>, id: number, item: T): void {
  const list = map.get(id) ?? [];
  list.push(item);
  list.sort((a, b) => a.timestamp - b.timestamp);
  map.set(id, list);
}
