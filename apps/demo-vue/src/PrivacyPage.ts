import { sendPrivacyRequests } from '@tapedeck/demo-style/privacy';
import { Block, Mask, Unmask, vTdMask } from '@tapedeck/vue';
import { defineComponent, h, ref, withDirectives } from 'vue';

/** A card that is clicked: its own text, masked and blocked text, and a contenteditable. */
const card = (name: string) =>
  h('div', { id: `${name}-card`, class: 'card' }, [
    `control-${name}-card `,
    h(Mask, { as: 'span' }, () => `canary-${name}-masked`),
    ' ',
    h(Block, { as: 'span' }, () => `canary-${name}-blocked`),
    h('div', { contenteditable: 'true' }, `canary-${name}-editable`),
  ]);

/**
 * The privacy check: every kind of field, the components and the `v-td-mask` directive, each
 * holding a `canary-…` string that must never reach the server, and the side doors around
 * them: cards that are rage-clicked and dead-clicked, links inside masked text, request bodies
 * and console arguments. `control-…` strings must arrive. The e2e test types more canaries in,
 * and opens the page with secrets in its query and fragment.
 */
export const PrivacyPage = defineComponent({
  name: 'PrivacyPage',
  setup() {
    const sent = ref(false);
    const send = async (event: MouseEvent) => {
      await sendPrivacyRequests((event.currentTarget as HTMLButtonElement).form);
      sent.value = true;
    };
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

        // Rage-clicked, then dead-clicked: what the signals say about them is their own text.
        card('rage'),
        card('dead'),

        h(Mask, { as: 'p' }, () => [
          'canary-contact-text ',
          h('a', { href: 'mailto:canary-mailto@example.com' }, 'Email us'),
          ', ',
          h('a', { href: 'tel:canary-tel-4915112345678' }, 'call us'),
          ' or ',
          h(
            'a',
            { href: '/account/reset?customer=canary-link-customer&reset_token=canary-link-token' },
            'reset your password',
          ),
        ]),

        h('button', { type: 'button', onClick: send }, 'Send requests'),
        sent.value ? h('p', 'requests: sent') : null,
      ]);
  },
});
