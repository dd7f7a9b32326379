import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';

// A custom element, once defined in the replay's frame, stays defined: seeking back to a
// moment before the page defined it would show it upgraded. These tell when that happens.

interface SerializedNode {
  tagName?: string;
  isCustom?: boolean;
  childNodes?: SerializedNode[];
}

function collect(node: SerializedNode | undefined, names: Set<string>): Set<string> {
  if (!node) return names;
  if (node.isCustom && node.tagName) names.add(node.tagName);
  for (const child of node.childNodes ?? []) collect(child, names);
  return names;
}

function namesIn(event: RecordedEvent, names: Set<string>): Set<string> {
  const data = event.data as {
    node?: SerializedNode;
    source?: number;
    adds?: { node: SerializedNode }[];
  };
  if (event.type === EventType.FullSnapshot) collect(data.node, names);
  else if (
    event.type === EventType.IncrementalSnapshot &&
    data.source === IncrementalSource.Mutation
  )
    for (const add of data.adds ?? []) collect(add.node, names);
  return names;
}

/** Every custom element the recording has upgraded, at any time. */
export function customElementsIn(events: readonly RecordedEvent[]): Set<string> {
  const names = new Set<string>();
  for (const event of events) namesIn(event, names);
  return names;
}

/** The custom elements defined at `timestamp`: the last full snapshot's and those added since. */
export function customElementsAt(events: readonly RecordedEvent[], timestamp: number): Set<string> {
  let snapshot = Number.NEGATIVE_INFINITY;
  for (const e of events)
    if (e.type === EventType.FullSnapshot && e.timestamp <= timestamp && e.timestamp > snapshot)
      snapshot = e.timestamp;
  const names = new Set<string>();
  for (const event of events)
    if (event.timestamp >= snapshot && event.timestamp <= timestamp) namesIn(event, names);
  return names;
}
