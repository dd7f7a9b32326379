import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';

/** Longer than rrweb's scroll sampling (150 ms), so its own trailing report has been made. */
const WINDOW_MS = 200;

/**
 * rrweb throttles scroll events with one timer for the whole page, so when several elements
 * scroll within one window (a layout restored, "scroll all into view", linked panes) it
 * records the first and one more, and the others' positions are lost. After such a window,
 * this records where every element it scrolled came to rest (the page's own scroll too).
 */
export function watchScrollsTogether(
  idOf: (node: Node) => number,
  emit: (event: RecordedEvent) => void,
): () => void {
  let scrolled = new Map<EventTarget, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const targets = scrolled;
    scrolled = new Map();
    // One element alone: rrweb's trailing report has its last position.
    if (targets.size < 2) return;
    for (const [target, timestamp] of targets) {
      const element = target === document ? document.scrollingElement : target;
      const id = idOf(target as Node);
      // A blocked element is a placeholder in the replay: its position shows nothing.
      if (element instanceof Element && id >= 0)
        emit({
          type: EventType.IncrementalSnapshot,
          timestamp,
          data: {
            source: IncrementalSource.Scroll,
            id,
            x: element.scrollLeft,
            y: element.scrollTop,
          },
        });
    }
  };
  const onScroll = (event: Event) => {
    if (!event.target) return;
    scrolled.set(event.target, Date.now());
    timer ??= setTimeout(flush, WINDOW_MS);
  };
  document.addEventListener('scroll', onScroll, { capture: true, passive: true });
  return () => {
    clearTimeout(timer);
    document.removeEventListener('scroll', onScroll, { capture: true });
  };
}
