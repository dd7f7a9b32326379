import { IncrementalSource, MouseInteraction, type RecordedEvent } from '@tapedeck/protocol';
import { safeSelector } from './describeElement.js';
import type { Privacy } from './privacy.js';

/**
 * Names the element of rrweb's click event (`data.selector`, the selector UX signals use,
 * never text), so the server can group clicks by element for heatmaps: the node id alone
 * means nothing outside the snapshot it came with, which is usually in an earlier chunk.
 */
export function nameClickTarget(
  event: RecordedEvent,
  nodeOf: (id: number) => Node | null,
  privacy: Privacy,
): void {
  const data = event.data as { source?: number; type?: number; id?: number; selector?: string };
  // Only incremental snapshots have a `source`.
  if (data.source !== IncrementalSource.MouseInteraction || data.type !== MouseInteraction.Click)
    return;
  const node = nodeOf(data.id as number);
  if (node instanceof Element) data.selector = safeSelector(node, privacy);
}
