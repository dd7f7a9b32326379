import type { RecordedEvent } from '@tapedeck/protocol';
import type { Replayer } from 'rrweb';
import { AnimationClock } from './AnimationClock.js';
import { CanvasFrames } from './CanvasFrames.js';
import { customElementsAt, customElementsIn } from './customElements.js';
import { ElementStates } from './ElementStates.js';
import { ImportedStyles } from './ImportedStyles.js';
import { ReplayFonts } from './ReplayFonts.js';

/**
 * What the player adds to rrweb's replay in a frame where no script may run: fonts made by
 * script, canvases, CSS animations at the right frame, and knowing when the frame must be
 * built afresh (a custom element defined later than the moment shown).
 */
export class ReplayExtras {
  /** Every event so far, in arrival order. */
  readonly events: RecordedEvent[] = [];
  #customElements: Set<string> | null = null;
  readonly #animations = new AnimationClock();
  readonly #fonts = new ReplayFonts();
  readonly #canvases = new CanvasFrames();
  readonly #states = new ElementStates();
  readonly #styles = new ImportedStyles();

  /**
   * Takes more events; true when they change the recording before them (a stylesheet's
   * `@import`s reported after its snapshot): a replay built already must be built afresh.
   */
  add(events: readonly RecordedEvent[], replayer: Replayer | undefined): boolean {
    this.events.push(...events);
    this.#customElements = null;
    this.#animations.add(events);
    this.#fonts.add(events);
    this.#canvases.add(events);
    this.#states.add(events);
    const changedEarlier = this.#styles.add(events);
    if (replayer) this.#fonts.apply(replayer.iframe.contentDocument);
    return changedEarlier;
  }

  /** After a seek, a pause or a new frame: the replay as it was at `timestamp`. */
  sync(replayer: Replayer, timestamp: number, speed: number): void {
    const mirror = replayer.getMirror();
    const doc = replayer.iframe.contentDocument;
    this.#fonts.apply(doc);
    this.#canvases.apply((id) => mirror.getNode(id), timestamp);
    this.#states.apply((id) => mirror.getNode(id), timestamp);
    this.#animations.apply(doc, (node) => mirror.getId(node), timestamp, speed);
  }

  /** While playing: canvases follow their recorded frames, popovers open and close. */
  tick(replayer: Replayer, timestamp: number): void {
    const mirror = replayer.getMirror();
    this.#canvases.apply((id) => mirror.getNode(id), timestamp);
    this.#states.apply((id) => mirror.getNode(id), timestamp);
  }

  /**
   * True when the frame has a custom element defined that the page had not defined at
   * `timestamp`: a definition cannot be undone, so the frame must be built afresh.
   */
  needsFreshFrame(replayer: Replayer, timestamp: number): boolean {
    const frame = replayer.iframe.contentWindow;
    if (!frame) return false;
    this.#customElements ??= customElementsIn(this.events);
    if (this.#customElements.size === 0) return false;
    const wanted = customElementsAt(this.events, timestamp);
    return [...this.#customElements].some(
      (name) => !wanted.has(name) && frame.customElements.get(name) !== undefined,
    );
  }
}
