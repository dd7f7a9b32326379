import { fontSource, onFontFace, type RememberedFont } from '../internal/fontSources.js';

/** A font as the recording carries it (`$fonts`): a URL, or the file as base64. */
export interface FontSource {
  family: string;
  source: { url: string } | { base64: string };
  descriptors?: FontFaceDescriptors;
}

const MAX_FONT_BYTES = 2 * 1024 * 1024;

/** The bytes as base64, or null past the size a recording should carry. */
function toBase64(bytes: Uint8Array): string | null {
  if (bytes.byteLength > MAX_FONT_BYTES) return null;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Sends how to make each FontFace-API font the page uses (`$fonts`), once per session: those
 * already in `document.fonts` at each full snapshot, and each new one as it is made.
 */
export function watchFonts(report: (fonts: FontSource[]) => void) {
  let sent = new WeakSet<FontFace>();
  const send = async (fonts: Iterable<FontFace>) => {
    const fresh: FontSource[] = [];
    for (const font of fonts) {
      const source = fontSource(font);
      if (!source || sent.has(font)) continue;
      sent.add(font);
      const carried = await inline(source);
      if (carried) fresh.push(carried);
    }
    if (fresh.length > 0) report(fresh);
  };
  onFontFace((font) => void send([font]));
  return {
    reportAll: () => {
      if (document.fonts) void send(document.fonts as unknown as Iterable<FontFace>);
    },
    /** A new session sends every font again. */
    reset: () => {
      sent = new WeakSet();
    },
    stop: () => onFontFace(null),
  };
}

const inlined = new Map<string, Promise<string | null>>();

/**
 * A font file on the page's own origin rarely allows other origins (the viewer's) to load it:
 * its bytes go into the recording instead, fetched once (usually from the browser's cache).
 */
async function inline(font: RememberedFont): Promise<FontSource | null> {
  const { family, url, bytes, descriptors } = font;
  const base = descriptors ? { family, descriptors } : { family };
  if (bytes) {
    const base64 = toBase64(bytes);
    return base64 ? { ...base, source: { base64 } } : null;
  }
  if (!url) return null;
  if (new URL(url).origin !== location.origin) return { ...base, source: { url } };
  let inlined64 = inlined.get(url);
  if (!inlined64) {
    inlined64 = fetch(url, { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.arrayBuffer() : null))
      .then((buffer) => (buffer ? toBase64(new Uint8Array(buffer)) : null))
      .catch(() => null);
    inlined.set(url, inlined64);
  }
  const base64 = await inlined64;
  return { ...base, source: base64 ? { base64 } : { url } };
}
