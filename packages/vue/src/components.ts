import { Masking } from '@tapedeck/core';
import { defineComponent, h } from 'vue';

function privacyComponent(name: string, attribute: string) {
  return defineComponent({
    name,
    props: { as: { type: String, default: 'div' } },
    setup:
      (props, { slots }) =>
      () =>
        h(props.as, { [attribute]: '' }, slots.default?.()),
  });
}

/** `<Mask>`: its text is recorded as stars. `as` picks the element (default `div`). */
export const Mask = privacyComponent('TdMask', Masking.maskAttribute);
/** `<Unmask>`: its text is recorded as is, inside a mask or strict privacy. */
export const Unmask = privacyComponent('TdUnmask', Masking.unmaskAttribute);
/** `<Block>`: recorded as an empty box of the same size. */
export const Block = privacyComponent('TdBlock', Masking.blockAttribute);
