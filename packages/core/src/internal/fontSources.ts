/** How a font made with the FontFace API was made: from a URL, or from bytes (a copy). */
export interface RememberedFont {
  family: string;
  url?: string;
  bytes?: Uint8Array;
  descriptors?: FontFaceDescriptors;
}

const MAX_FONT_BYTES = 2 * 1024 * 1024;
const sources = new WeakMap<FontFace, RememberedFont>();
let listener: ((font: FontFace) => void) | null = null;

function describe(
  family: string,
  source: string | BufferSource,
  descriptors?: FontFaceDescriptors,
): RememberedFont | null {
  const font = descriptors ? { family, descriptors } : { family };
  if (typeof source === 'string') {
    // url("a.woff2") format("woff2"), …: keep the first URL, made absolute for the replay.
    const match = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(source);
    return match?.[2] ? { ...font, url: new URL(match[2], location.href).href } : null;
  }
  const bytes = ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
  return bytes.byteLength <= MAX_FONT_BYTES ? { ...font, bytes: bytes.slice() } : null;
}

/**
 * Fonts made with `new FontFace(…)` cannot be read back, so the recorder would never see
 * those made before recording starts. From the first `createRecorder` on, each one's source
 * is kept (weakly) for the recorder to send.
 */
export function rememberFontFaces(): void {
  if (typeof window === 'undefined' || !window.FontFace) return;
  const Original = window.FontFace;
  if ((Original as { tapedeck?: boolean }).tapedeck) return;
  class RememberedFontFace extends Original {
    static tapedeck = true;
    constructor(family: string, source: string | BufferSource, descriptors?: FontFaceDescriptors) {
      super(family, source, descriptors);
      const described = describe(family, source, descriptors);
      if (!described) return;
      sources.set(this, described);
      listener?.(this);
    }
  }
  window.FontFace = RememberedFontFace;
}

/** How a font made since `rememberFontFaces` was made, if known. */
export const fontSource = (font: FontFace) => sources.get(font);

/** Calls `onFont` for each font made from now on (null to stop). */
export function onFontFace(onFont: typeof listener): void {
  listener = onFont;
}
