import { EventType, IncrementalSource, type RecordedEvent } from '@tapedeck/protocol';

interface Frame {
  timestamp: number;
  /** A data: URL of the whole canvas. */
  url: string;
}

interface SerializedNode {
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

interface Command {
  property?: string;
  args?: unknown[];
}

/** The image of a frame as the recorder sends it: drawImage(ImageBitmap(Blob([base64]))). */
function frameUrl(commands: Command[]): string | null {
  const draw = commands.find((c) => c.property === 'drawImage');
  const bitmap = draw?.args?.[0] as { rr_type?: string; args?: unknown[] } | undefined;
  const blob = bitmap?.args?.[0] as
    | { rr_type?: string; type?: string; data?: { base64?: string }[] }
    | undefined;
  const base64 = blob?.data?.[0]?.base64;
  if (bitmap?.rr_type !== 'ImageBitmap' || blob?.rr_type !== 'Blob' || !base64) return null;
  return `data:${blob.type ?? 'image/webp'};base64,${base64}`;
}

/**
 * Shows recorded canvases in the replay. The recorder sends each canvas as whole images (at its
 * fps, and in every full snapshot). In a frame where script may not run — the player never
 * allows it — a `<canvas>` is not drawn at all: the browser shows its fallback content. So the
 * player puts each canvas's image at that moment in an `<img>` as that fallback content.
 */
export class CanvasFrames {
  readonly #frames = new Map<number, Frame[]>();

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as {
        source?: number;
        id?: number;
        commands?: Command[];
        node?: SerializedNode;
      };
      if (event.type === EventType.FullSnapshot) this.#fromSnapshot(data.node, event.timestamp);
      else if (
        event.type === EventType.IncrementalSnapshot &&
        data.source === IncrementalSource.CanvasMutation &&
        data.id !== undefined
      ) {
        const url = frameUrl(data.commands ?? []);
        if (url) this.#push(data.id, { timestamp: event.timestamp, url });
      }
    }
  }

  #fromSnapshot(node: SerializedNode | undefined, timestamp: number): void {
    if (!node) return;
    const url = node.attributes?.rr_dataURL;
    if (node.tagName === 'canvas' && node.id !== undefined && typeof url === 'string')
      this.#push(node.id, { timestamp, url });
    for (const child of node.childNodes ?? []) this.#fromSnapshot(child, timestamp);
  }

  #push(id: number, frame: Frame): void {
    const list = this.#frames.get(id) ?? [];
    list.push(frame);
    list.sort((a, b) => a.timestamp - b.timestamp);
    this.#frames.set(id, list);
  }

  /** Shows every recorded canvas as it was at `timestamp`. */
  apply(nodeOf: (id: number) => Node | null, timestamp: number): void {
    for (const [id, frames] of this.#frames) {
      const canvas = nodeOf(id);
      if (canvas?.nodeName !== 'CANVAS') continue;
      let frame: Frame | undefined;
      for (const f of frames) if (f.timestamp <= timestamp) frame = f;
      if (frame) show(canvas as HTMLCanvasElement, frame.url);
    }
  }
}

function show(canvas: HTMLCanvasElement, url: string): void {
  let image = canvas.querySelector<HTMLImageElement>(':scope > img[data-td-canvas]');
  // Playback calls this every frame: nothing to do until the canvas's image changes.
  if (image?.getAttribute('src') === url) return;
  if (!image) {
    image = canvas.ownerDocument.createElement('img');
    image.setAttribute('data-td-canvas', '');
    image.alt = '';
    canvas.append(image);
  }
  sizeLikeCanvas(canvas, image);
  image.src = url;
}

/** The CSS size the page gave the canvas (`auto` when none), as a canvas element computes it. */
function cssSize(canvas: HTMLCanvasElement, property: 'width' | 'height'): string {
  return canvas.computedStyleMap?.().get(property)?.toString() ?? 'auto';
}

/**
 * Sizes the image as the canvas was: by its CSS size when the page gave it one (charts draw
 * at twice the pixels of their CSS size), else by its pixel size, as a canvas is by default.
 */
function sizeLikeCanvas(canvas: HTMLCanvasElement, image: HTMLImageElement): void {
  const width = cssSize(canvas, 'width');
  const height = cssSize(canvas, 'height');
  if (width === 'auto' && height === 'auto') {
    image.width = canvas.width;
    image.height = canvas.height;
    return;
  }
  // Fallback content sits in the canvas box, which takes a CSS size only if not inline.
  const view = canvas.ownerDocument.defaultView;
  if (view?.getComputedStyle(canvas).display === 'inline')
    canvas.style.setProperty('display', 'inline-block');
  image.removeAttribute('width');
  image.removeAttribute('height');
  image.style.display = 'block';
  image.style.width = width === 'auto' ? 'auto' : '100%';
  image.style.height = height === 'auto' ? 'auto' : '100%';
}
