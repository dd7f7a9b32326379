import { EventType, type RecordedEvent, TapedeckEvent } from '@tapedeck/protocol';

interface FontSource {
  family: string;
  source: { url: string } | { base64: string };
  descriptors?: FontFaceDescriptors;
}

/**
 * Makes the fonts the page made with the FontFace API (reported as `$fonts`) in the replay's
 * frame, which has no script of its own to make them.
 */
export class ReplayFonts {
  readonly #fonts: FontSource[] = [];
  /** How many of the fonts each replay document has. */
  readonly #added = new WeakMap<Document, number>();

  add(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      const data = event.data as { tag?: string; payload?: { fonts?: FontSource[] } };
      if (event.type === EventType.Custom && data.tag === TapedeckEvent.fonts)
        this.#fonts.push(...(data.payload?.fonts ?? []));
    }
  }

  apply(doc: Document | null | undefined): void {
    const frame = doc?.defaultView;
    if (!doc || !frame?.FontFace) return;
    for (const font of this.#fonts.slice(this.#added.get(doc) ?? 0)) {
      const source =
        'url' in font.source
          ? `url(${JSON.stringify(font.source.url)})`
          : Uint8Array.from(atob(font.source.base64), (c) => c.charCodeAt(0));
      try {
        const face = new frame.FontFace(font.family, source, font.descriptors);
        doc.fonts.add(face);
        face.load().catch(() => {});
      } catch {
        // A malformed report: the replay falls back to another font, as before.
      }
    }
    this.#added.set(doc, this.#fonts.length);
  }
}
