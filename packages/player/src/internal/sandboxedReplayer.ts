import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';
import { Replayer } from 'rrweb';

export type ReplayerEvent = ConstructorParameters<typeof Replayer>[0][number];

/**
 * rrweb's Replayer over `events` (in any order) in `root`, in a frame where nothing of the
 * recorded page may run: no script, no canvas replay by script.
 */
export function sandboxedReplayer(
  events: readonly RecordedEvent[],
  root: HTMLElement,
  options: { skipInactive?: boolean; speed?: number },
): Replayer {
  const sorted = events.map(own).sort((a, b) => a.timestamp - b.timestamp) as ReplayerEvent[];
  const replayer = new Replayer(sorted, {
    root,
    skipInactive: options.skipInactive ?? true,
    speed: options.speed ?? 1,
    mouseTail: false,
    UNSAFE_replayCanvas: false,
    showWarning: false,
  });
  // rrweb sets this already; set it again so no replay option can ever add allow-scripts.
  replayer.iframe.setAttribute('sandbox', 'allow-same-origin');
  // rrweb replays the page's focus, which takes the keyboard into the frame: keys typed
  // there go on to `root` (and the page around it) as if typed on the player. Each full
  // snapshot opens the frame's document afresh, which drops the listener: added again.
  const forward = () =>
    replayer.iframe.contentDocument?.addEventListener('keydown', (event) => {
      const { key, code, shiftKey, ctrlKey, altKey, metaKey } = event;
      const copy = new KeyboardEvent('keydown', {
        ...{ key, code, shiftKey, ctrlKey, altKey, metaKey },
        bubbles: true,
        cancelable: true,
      });
      if (!root.dispatchEvent(copy)) event.preventDefault();
    });
  forward();
  replayer.on('fullsnapshot-rebuilded', forward);
  return replayer;
}

/**
 * An event as one replayer may change it: rrweb drops, from the event itself, each removal
 * whose node it cannot find at that moment — so a replayer built afresh later from the same
 * events would leave those nodes in place (text shown twice).
 */
export function own(event: RecordedEvent): RecordedEvent {
  const data = event.data as { source?: number; removes?: unknown[] };
  if (event.type !== EventType.IncrementalSnapshot || data.source !== IncrementalSource.Mutation)
    return event;
  return { ...event, data: { ...data, removes: [...(data.removes ?? [])] } };
}
