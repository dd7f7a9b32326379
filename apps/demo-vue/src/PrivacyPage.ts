import { Block, Mask, Unmask, vTdMask } from '@tapedeck/vue';
import { defineComponent, h, withDirectives } from 'vue';

/**
 * The privacy check: every kind of field, the components and the `v-td-mask` directive, each
 * holding a `canary-…` string that must never reach the server.
 */
export const PrivacyPage = defineComponent({
  name: 'PrivacyPage',
  setup() {
    return () =>
      h('form', { class: 'checkout', onSubmit: (e: Event) => e.preventDefault() }, [
        h('h1', 'Privacy check'),
        h('p', 'control-visible-string'),
        h('label', ['Name ', h('input', { name: 'name', value: 'canary-preset-name' })]),
        h('label', ['Password ', h('input', { name: 'password', type: 'password' })]),
        h('label', ['Notes ', h('textarea', { name: 'notes', value: 'canary-preset-notes' })]),
        h('select', { 'aria-label': 'Plan' }, [
          h('option', { value: 'canary-plan-value' }, 'canary-plan-label'),
        ]),
        h('div', { contenteditable: 'true' }, 'canary-editable'),
        h(Mask, () => h('p', 'canary-masked-by-component')),
        h(Block, () => h('p', 'canary-blocked-by-component')),
        withDirectives(h('p', 'canary-masked-by-directive'), [[vTdMask]]),
        h(Mask, { as: 'section' }, () => h(Unmask, () => h('p', 'control-unmasked-string'))),
      ]);
  },
});
