/**
 * A leaner wire form of rrweb's serialized DOM, for the full snapshot (type 2) and the nodes a
 * mutation (type 3, source 0) adds. Most of a big page's bytes are its nodes, each spelling out
 * `{"type":2,"tagName":…,"attributes":…,"childNodes":[…],"id":…}`, and gzip cannot guess ids
 * that count up. Packed, an element is `[tagName, attributes, ...children]`, a text node its
 * string, and a node's id is left out when it is the one after the previous node's in document
 * order (as rrweb numbers a snapshot); any other node keeps rrweb's object form, its id only
 * when not implied. A packed event says so with `data.packed: 1`; `unpackEvent` gives back
 * rrweb's event exactly, so readers (player, export) expand it and the server stores it as is.
 * On the heavy benchmark page this takes the full snapshot from 76 KB to 19 KB gzipped.
 */

type Packed = string | unknown[] | Record<string, unknown>;
type Node = Record<string, unknown> & { id: number; childNodes?: Node[] };
type Data = Record<string, unknown> & { packed?: number; node?: unknown; adds?: unknown };
type Event = { type: number; data?: unknown };

/**
 * Packs the events of `events` that carry DOM nodes, in place. Self-contained on purpose (no
 * outside names, plain syntax): the compression worker runs it from its source text.
 */
export function packEvents(events: Event[]): void {
  let next = -1;
  const pack = (node: Node): Packed => {
    const implied = node.id === next;
    next = node.id + 1;
    let keys = 0;
    for (const _ in node) keys++;
    const kids = node.childNodes;
    if (implied && node.type === 3 && keys === 3 && typeof node.textContent === 'string')
      return node.textContent;
    if (implied && node.type === 2 && keys === 5 && kids && node.attributes) {
      const out: unknown[] = [node.tagName, node.attributes];
      for (let i = 0; i < kids.length; i++) out.push(pack(kids[i]!));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key in node) if (key !== 'id' || !implied) out[key] = node[key];
    if (kids) {
      const packed: Packed[] = [];
      for (let i = 0; i < kids.length; i++) packed.push(pack(kids[i]!));
      out.childNodes = packed;
    }
    return out;
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const data = event.data as Data | undefined;
    if (!data || data.packed) continue;
    next = -1;
    if (event.type === 2 && data.node && typeof data.node === 'object') {
      data.node = pack(data.node as Node);
      data.packed = 1;
    } else if (event.type === 3 && data.source === 0 && Array.isArray(data.adds)) {
      for (const add of data.adds as { node?: Node | Packed }[])
        if (add.node) add.node = pack(add.node as Node);
      data.packed = 1;
    }
  }
}

/** Expands what `packEvents` packed, in place; events that are not packed are left alone. */
export function unpackEvent<E extends Event>(event: E): E {
  const data = event.data as Data | undefined;
  if (!data?.packed) return event;
  // Implied ids count on across the nodes of one event, as packEvents left them out.
  const ids = { next: -1 };
  if (event.type === 2) data.node = unpackTree(data.node as Packed, ids)[0];
  else if (Array.isArray(data.adds))
    for (const add of data.adds as { node?: Packed }[])
      if (add.node !== undefined) add.node = unpackTree(add.node, ids)[0];
  delete data.packed;
  return event;
}

/**
 * One packed tree expanded, without recursion (a page may nest thousands of elements deep):
 * nodes are made in document order, as the ids they imply count. A packed node that is none of
 * the three forms (stored before the server checked them) is left out.
 */
function unpackTree(root: Packed, ids: { next: number }): Node[] {
  const top: Node[] = [];
  const stack: [Packed, Node[]][] = [[root, top]];
  while (stack.length > 0) {
    const [packed, siblings] = stack.pop()!;
    let node: Node;
    let kids: Packed[] | undefined;
    if (typeof packed === 'string') node = { type: 3, textContent: packed, id: ids.next };
    else if (Array.isArray(packed)) {
      node = { type: 2, tagName: packed[0], attributes: packed[1], childNodes: [], id: ids.next };
      kids = packed.slice(2) as Packed[];
    } else if (typeof packed === 'object' && packed !== null) {
      node = { ...packed, id: typeof packed.id === 'number' ? packed.id : ids.next } as Node;
      if (Array.isArray(packed.childNodes)) kids = packed.childNodes as Packed[];
    } else continue;
    ids.next = node.id + 1;
    siblings.push(node);
    if (!kids) continue;
    const children: Node[] = [];
    node.childNodes = children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, children]);
  }
  return top;
}

/** `unpackEvent` over a list, in place. */
export function unpackEvents<E extends Event>(events: E[]): E[] {
  for (const event of events) unpackEvent(event);
  return events;
}
