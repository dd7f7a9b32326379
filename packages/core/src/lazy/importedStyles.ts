/** A stylesheet's text with its `@import`s kept as one rule each (its owner's rrweb id). */
export interface StyleText {
  id: number;
  css: string;
}

const absolute = (css: string, base: string) =>
  css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (all, quote: string, url: string) => {
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return all;
    }
  });

/** The sheet's rules, each `@import` inlined as one rule that keeps its layer and conditions. */
function text(sheet: CSSStyleSheet): string {
  const base = sheet.href ?? document.baseURI;
  return Array.from(sheet.cssRules, (rule) => {
    if (!(rule instanceof CSSImportRule)) return absolute(rule.cssText, base);
    let inner: string;
    try {
      inner = text(rule.styleSheet as CSSStyleSheet);
    } catch {
      return absolute(rule.cssText, base); // another origin's sheet: the replay loads it
    }
    const layer = (rule as CSSImportRule & { layerName?: string | null }).layerName;
    if (typeof layer === 'string') inner = `@layer ${layer} {${inner}}`;
    return `@media ${rule.media.mediaText || 'all'} {${inner}}`;
  }).join('');
}

/**
 * rrweb inlines a stylesheet's loaded `@import`s by flattening their rules into the importing
 * sheet: cascade layers and media conditions are lost (a print sheet applies on screen), and
 * rule indices shift, so rules inserted later land in the wrong place. At each full snapshot,
 * this reports each sheet with an `@import` as text with every import one rule that keeps
 * them. (A sheet added later is recorded before its imports load, as `@import` rules, which
 * replay as they were.)
 */
export function reportImportedStyles(
  idOf: (node: Node) => number,
  report: (styles: StyleText[]) => void,
): void {
  const styles: StyleText[] = [];
  for (const owner of document.querySelectorAll('style, link[rel~="stylesheet"]')) {
    const sheet = (owner as HTMLStyleElement).sheet;
    const id = idOf(owner);
    try {
      if (sheet && id >= 0 && Array.from(sheet.cssRules).some((r) => r instanceof CSSImportRule))
        styles.push({ id, css: text(sheet) });
    } catch {
      // Another origin's sheet: rrweb cannot read it either.
    }
  }
  if (styles.length > 0) report(styles);
}
