/** How a font made with the FontFace API was made, to make it again in the replay. */
export interface FontSource {
  family: string;
  /** `url(…)` with an absolute URL, or the font file as base64. */
  source: { url: string } | { base64: string };
  descriptors?: FontFaceDescriptors;
}

const MAX_FONT_BYTES = 2 * 1024 * 1024;
const sources = new WeakMap<FontFace, FontSource>();
let listener: ((font: FontFace, source: FontSource) => void) | null = null;

function describe(
  family: string,
  source: string | BufferSource,
  descriptors?: FontFaceDescriptors,
): FontSource | null {
  const withDescriptors = descriptors ? { descriptors } : {};
  if (typeof source === 'string') {
    // url("a.woff2") format("woff2"), …: keep the first URL, made absolute for the replay.
    const match = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(source);
    if (!match?.[2]) return null;
    return { family, source: { url: new URL(match[2], location.href).href }, ...withDescriptors };
  }
  const bytes = ArrayBuffer.isView(source)
    ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
    : new Uint8Array(source);
  const base64 = toBase64(bytes);
  return base64 ? { family, source: { base64 }, ...withDescriptors } : null;
}

/** The bytes as base64, or null past the size a recording should carry. */
export function toBase64(bytes: Uint8Array): string | null {
  if (bytes.byteLength > MAX_FONT_BYTES) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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
      listener?.(this, described);
    }
  }
  window.FontFace = RememberedFontFace;
}

/** The source of a font made since `rememberFontFaces`, if any. */
export const fontSource = (font: FontFace) => sources.get(font);

/** Calls `onFont` for each font made from now on (null to stop). */
export function onFontFace(onFont: typeof listener): void {
  listener = onFont;
}
