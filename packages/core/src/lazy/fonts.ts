import { type FontSource, fontSource, onFontFace, toBase64 } from '../internal/fontSources.js';

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
      fresh.push(await inline(source));
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
async function inline(font: FontSource): Promise<FontSource> {
  if (!('url' in font.source)) return font;
  const { url } = font.source;
  if (new URL(url).origin !== location.origin) return font;
  let bytes = inlined.get(url);
  if (!bytes) {
    bytes = fetch(url, { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.arrayBuffer() : null))
      .then((buffer) => (buffer ? toBase64(new Uint8Array(buffer)) : null))
      .catch(() => null);
    inlined.set(url, bytes);
  }
  const base64 = await bytes;
  return base64 ? { ...font, source: { base64 } } : font;
}
