import type { Directive } from 'vue';

function privacyDirective(attribute: string): Directive<HTMLElement> {
  return {
    created: (el) => el.setAttribute(attribute, ''),
    getSSRProps: () => ({ [attribute]: '' }),
  };
}

/** `v-td-mask`: the element's text is recorded as stars. */
export const vTdMask = privacyDirective('data-td-mask');
/** `v-td-unmask`: the element's text is recorded as is, inside a mask or strict privacy. */
export const vTdUnmask = privacyDirective('data-td-unmask');
/** `v-td-block`: the element is recorded as an empty box of the same size. */
export const vTdBlock = privacyDirective('data-td-block');
