import { Masking } from '@tapedeck/core';
import type { Action } from 'svelte/action';

const privacyAction =
  (attribute: string): Action<HTMLElement> =>
  (node) => {
    node.setAttribute(attribute, '');
    return { destroy: () => node.removeAttribute(attribute) };
  };

/** `use:mask`: the element's text is recorded as stars. */
export const mask = privacyAction(Masking.maskAttribute);
/** `use:unmask`: its text is recorded as is, inside a mask or strict privacy. */
export const unmask = privacyAction(Masking.unmaskAttribute);
/** `use:block`: recorded as an empty box of the same size. */
export const block = privacyAction(Masking.blockAttribute);
