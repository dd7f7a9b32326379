import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';
import type { Privacy } from './privacy.js';

/** rrweb's serialized node, as far as attribute masking needs it. */
interface SerializedNode {
  type: number;
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  isShadowHost?: boolean;
}

interface MutationData {
  source: number;
  adds?: { node: SerializedNode }[];
  attributes?: { id: number; attributes: Record<string, unknown> }[];
}

type NodeOf = (id: number) => Node | null;

/**
 * Walks a full snapshot's whole tree once, so cold, where the interpreter makes iterators
 * dear: an indexed loop, not `for…of`; and most elements have no attributes, so an empty
 * `for…in` stands in for a call.
 */
function maskNode(
  node: SerializedNode,
  privacy: Privacy,
  nodeOf: NodeOf,
  hosts?: (Element | null)[],
): void {
  for (const _ in node.attributes) {
    maskAttrs(node.id, node.attributes!, privacy, nodeOf);
    break;
  }
  if (node.isShadowHost) hosts?.push(nodeOf(node.id) as Element | null);
  const children = node.childNodes ?? [];
  for (let i = 0; i < children.length; i++) maskNode(children[i]!, privacy, nodeOf, hosts);
}

function maskAttrs(id: number, attrs: Record<string, unknown>, privacy: Privacy, nodeOf: NodeOf) {
  let element: Element | null | undefined;
  for (const name in attrs) {
    const value = attrs[name];
    if (typeof value !== 'string' || value === '') continue;
    element ??= nodeOf(id) as Element | null;
    attrs[name] = privacy.maskAttribute(element instanceof Element ? element : null, name, value);
  }
}

/**
 * Masks attributes in full snapshots and mutations, before the event is buffered: text
 * attributes (placeholder, title, alt, `aria-*`, `data-*`…) by their element's masking, and
 * URLs (href, src, srcset…) through `maskUrl`. rrweb masks input values itself, but not these.
 * Walking a full snapshot, it also gathers its shadow hosts into `hosts`, sparing another
 * walk of the whole document to find them.
 */
export function maskAttributes(
  event: RecordedEvent,
  privacy: Privacy,
  nodeOf: NodeOf,
  hosts?: (Element | null)[],
): void {
  if (event.type === EventType.FullSnapshot) {
    maskNode((event.data as { node: SerializedNode }).node, privacy, nodeOf, hosts);
  } else if (event.type === EventType.IncrementalSnapshot) {
    const data = event.data as MutationData;
    if (data.source !== IncrementalSource.Mutation) return;
    for (const add of data.adds ?? []) maskNode(add.node, privacy, nodeOf);
    for (const change of data.attributes ?? [])
      maskAttrs(change.id, change.attributes, privacy, nodeOf);
  }
}
