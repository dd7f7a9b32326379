import type { Privacy } from './privacy.js';

const MAX_TEXT = 100;
const MAX_NODES = 500;

/** A short CSS selector for `element`: up to three levels of tag#id.class. */
export function selectorOf(element: Element, withOwnId = true): string {
  const parts: string[] = [];
  for (let el: Element | null = element; el && parts.length < 3; el = el.parentElement) {
    if (el.tagName === 'BODY' || el.tagName === 'HTML') break;
    let part = el.tagName.toLowerCase();
    if (el.id && (withOwnId || el !== element)) {
      parts.unshift(`${part}#${el.id}`);
      break;
    }
    const classes = [...el.classList].filter((c) => !c.startsWith('td-')).slice(0, 2);
    if (classes.length) part += `.${classes.join('.')}`;
    parts.unshift(part);
  }
  return parts.join(' > ');
}

/** The text of `element` that the page's rules record unmasked, and nothing else. */
function shownText(element: Element, privacy: Privacy): string {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let text = '';
  let visited = 0;
  for (let node = walker.nextNode(); node && visited < MAX_NODES; node = walker.nextNode()) {
    visited += 1;
    const parent = node.parentElement;
    if (parent && privacy.showsText(parent)) text += ` ${node.nodeValue ?? ''}`;
    if (text.length > MAX_TEXT * 2) break;
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

/**
 * What a UX signal (or a console argument) says about an element: its selector, and only the
 * text the page's rules would record unmasked — nothing from masked or blocked elements, form
 * fields or contenteditable. Inside a blocked element, the blocked element alone.
 */
export function describeElement(element: Element, privacy: Privacy) {
  const blocked = privacy.outermostBlock(element);
  if (blocked) return { selector: selectorOf(blocked, false), text: '' };
  return { selector: selectorOf(element), text: shownText(element, privacy) };
}

/** The selector alone of `describeElement` (inside a blocked element, the blocked element). */
export function safeSelector(element: Element, privacy: Privacy): string {
  const blocked = privacy.outermostBlock(element);
  return blocked ? selectorOf(blocked, false) : selectorOf(element);
}
