import { Masking } from '@tapedeck/core';
import { type DefineComponent, defineComponent, h } from 'vue';

const props = { as: { type: String, default: 'div' } } as const;

// Typed by hand: the type Vue 3.5 infers names `PublicProps` and 18 type arguments, which
// Vue 3.3's declarations (our lowest peer) do not have.
type PrivacyComponent = DefineComponent<typeof props>;

function privacyComponent(name: string, attribute: string): PrivacyComponent {
  return defineComponent({
    name,
    props,
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
