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

const ELEMENT = 2;

type NodeOf = (id: number) => Node | null;

function maskNode(
  node: SerializedNode,
  privacy: Privacy,
  nodeOf: NodeOf,
  hosts?: (Element | null)[],
): void {
  if (node.type === ELEMENT && node.attributes)
    maskAttrs(node.id, node.attributes, privacy, nodeOf);
  if (node.isShadowHost) hosts?.push(nodeOf(node.id) as Element | null);
  if (node.childNodes) for (const child of node.childNodes) maskNode(child, privacy, nodeOf, hosts);
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
