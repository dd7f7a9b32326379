import { Masking } from '@tapedeck/core';
import type { Directive } from 'vue';

function privacyDirective(attribute: string): Directive<HTMLElement> {
  return {
    created: (el) => el.setAttribute(attribute, ''),
    getSSRProps: () => ({ [attribute]: '' }),
  };
}

/** `v-td-mask`: the element's text is recorded as stars. */
export const vTdMask = privacyDirective(Masking.maskAttribute);
/** `v-td-unmask`: the element's text is recorded as is, inside a mask or strict privacy. */
export const vTdUnmask = privacyDirective(Masking.unmaskAttribute);
/** `v-td-block`: the element is recorded as an empty box of the same size. */
export const vTdBlock = privacyDirective(Masking.blockAttribute);
