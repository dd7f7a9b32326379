// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h, withDirectives } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { Mask, Tapedeck, useRecorderState, vTdMask } from '../index.js';

describe('server rendering', () => {
  it('renders with the plugin, composables, directives and components without touching window', async () => {
    expect(typeof window).toBe('undefined');
    const App = defineComponent({
      setup() {
        const state = useRecorderState();
        return () =>
          h('div', [
            h('p', `status: ${state.value.status}`),
            withDirectives(h('p', 'secret'), [[vTdMask]]),
            h(Mask, { as: 'span' }, () => 'also secret'),
          ]);
      },
    });
    const app = createSSRApp(App).use(Tapedeck, { host: 'https://replay.example', token: 't' });
    const html = await renderToString(app);
    expect(html).toContain('status: idle');
    expect(html).toContain('<p data-td-mask>secret</p>');
    expect(html).toContain('<span data-td-mask>also secret</span>');
  });
});
