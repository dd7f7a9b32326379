import { EventType, type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';

interface Start {
  /** When the recorder reported it. */
  reported: number;
  /** When the animation began (ms since the epoch). */
  at: number;
  /** Paused this far into the animation. */
  paused?: number;
  /** A pause, reported as it happened (a start is reported a little after it). */
  change: boolean;
}

/**
 * Shows each CSS animation at the frame the user saw: the recorder reports when animations
 * started (`$animations`), and after every seek the replay's animations are set to that time.
 * Without it, a rebuilt page shows every animation at its first frame.
 */
export class AnimationClock {
  readonly #starts = new Map<string, Start[]>();

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as {
        tag?: string;
        payload?: {
          started?: { id: number; name: string; at: number; paused?: number }[];
        };
      };
      if (event.type !== EventType.Custom || data.tag !== TapedeckEvent.animations) continue;
      for (const s of data.payload?.started ?? []) {
        const key = `${s.id} ${s.name}`;
        const list = this.#starts.get(key) ?? [];
        list.push({
          reported: event.timestamp,
          at: s.at,
          ...(typeof s.paused === 'number' ? { paused: s.paused } : {}),
          change: typeof s.paused === 'number',
        });
        list.sort((a, b) => a.reported - b.reported);
        this.#starts.set(key, list);
      }
    }
  }

  /**
   * Sets the replay's CSS animations to where they were at `timestamp`, running at `speed`
   * (the playback speed) from there.
   */
  apply(
    doc: Document | null | undefined,
    idOf: (node: Node) => number,
    timestamp: number,
    speed = 1,
  ): void {
    if (!doc || this.#starts.size === 0) return;
    for (const animation of doc.getAnimations()) {
      if (!('animationName' in animation)) continue;
      const target = (animation.effect as KeyframeEffect | null)?.target;
      if (!target) continue;
      const list = this.#starts.get(`${idOf(target)} ${String(animation.animationName)}`);
      // The last report before this moment (a later one may be a restart); a start is
      // reported a little after it happened, a pause as it happens.
      const start =
        list?.filter((s) => s.reported - (s.change ? 0 : 1000) <= timestamp).at(-1) ?? list?.[0];
      if (!start) continue;
      // A paused one stays where it stopped (the replayed CSS keeps it paused).
      animation.currentTime = start.paused ?? Math.max(0, timestamp - start.at);
      animation.playbackRate = speed;
    }
  }
}
