import type { RecordedEvent } from '@tapedeck/protocol';
import type { PlayerSource, SourceLink } from '../types.js';

/**
 * Passes each batch of `source` (or of the source it opens with `link`) to `add`, which says
 * whether the player plays yet: once it does, the page paints and responds between batches of
 * a long recording. Stops when `link.signal` aborts; true when the source ran to its end.
 */
export async function feed(
  source: PlayerSource,
  link: SourceLink,
  add: (events: readonly RecordedEvent[]) => boolean,
): Promise<boolean> {
  for await (const events of typeof source === 'function' ? source(link) : source) {
    if (link.signal.aborted) return false;
    if (add(events)) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return !link.signal.aborted;
}
