import type { Privacy } from './privacy.js';

/** A short CSS selector for `element`: up to three levels of tag#id.class. */
export function selectorOf(element: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = element; el && parts.length < 3; el = el.parentElement) {
    if (el.tagName === 'BODY' || el.tagName === 'HTML') break;
    let part = el.tagName.toLowerCase();
    if (el.id) {
      parts.unshift(`${part}#${el.id}`);
      break;
    }
    const classes = [...el.classList].filter((c) => !c.startsWith('td-')).slice(0, 2);
    if (classes.length) part += `.${classes.join('.')}`;
    parts.unshift(part);
  }
  return parts.join(' > ');
}

/** What a UX signal says about its target: a selector and its text, masked like the page. */
export function describeElement(element: Element, privacy: Privacy) {
  const isField = /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  const raw = isField ? '' : (element.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
  return {
    selector: selectorOf(element),
    text: privacy.isTextMasked(element) ? raw.replace(/\S/g, '*') : raw,
  };
}
