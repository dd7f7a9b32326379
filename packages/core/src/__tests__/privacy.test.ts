import { type Collector, eventsOf, startCollector, untilDelivered } from '@tapedeck/test-collector';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recorder } from '../Recorder.js';
import { resetPage, startRecorder } from './record.js';

const PAGE = `
  <p id="plain">visible-control</p>
  <input id="text" value="preset-input-canary">
  <input id="hidden" type="hidden" value="hidden-token-canary">
  <input id="pw" type="password" value="password-canary" data-td-unmask>
  <textarea id="area">textarea-canary</textarea>
  <select id="sel"><option value="option-value-canary" selected>option-label-canary</option></select>
  <div contenteditable="true">editable-canary</div>
  <p class="td-mask" title="title-canary">masked-class-canary</p>
  <p data-td-mask aria-label="aria-canary">masked-attr-canary <img alt="alt-canary" src="data:,"></p>
  <div class="td-mask"><span class="td-unmask">unmasked-inside-mask</span></div>
  <div data-td-unmask><span data-td-mask>masked-inside-unmask-canary</span></div>
  <div class="td-block">blocked-class-canary</div>
  <div data-td-block>blocked-attr-canary</div>
  <div class="secret">custom-selector-canary</div>
  <input id="email" type="email" placeholder="email-placeholder-visible">
`;

async function record(collector: Collector, options = {}) {
  const recorder = await startRecorder(collector, options);
  (document.getElementById('text') as HTMLInputElement).value = 'typed-input-canary';
  document.getElementById('text')!.dispatchEvent(new Event('input', { bubbles: true }));
  await untilDelivered(collector, recorder);
  recorder.stop();
  return { recorder, sent: JSON.stringify(eventsOf(collector)) };
}

describe('privacy', () => {
  let collector: Collector;
  let recorder: Recorder | undefined;

  beforeEach(async () => {
    resetPage(PAGE);
    collector = await startCollector();
  });

  afterEach(async () => {
    recorder?.stop();
    await collector.close();
  });

  it('masks inputs, masked text and text attributes, and blocks subtrees by default', async () => {
    const { sent } = await record(collector, { maskTextSelector: '.secret' });
    expect(sent).toContain('visible-control');
    expect(sent).toContain('unmasked-inside-mask');
    expect(sent).toContain('email-placeholder-visible'); // not in a masked element
    for (const canary of sent.match(/[a-z-]+-canary/g) ?? []) expect.fail(`${canary} was sent`);
  });

  it('masks text changed or added later inside td-mask and data-td-mask, by class or attribute', async () => {
    recorder = await startRecorder(collector, { maskTextSelector: '.secret' });
    // rrweb tests the td-mask class by itself (maskTextClass), apart from the mask selector.
    const byClass = document.querySelector('p.td-mask')!;
    byClass.firstChild!.textContent = 'changed-class-canary';
    const added = document.createElement('span');
    added.textContent = 'added-class-canary';
    document.querySelector('div.td-mask')!.append(added);
    const byAttribute = document.querySelector('[data-td-mask] img')!.parentElement!;
    byAttribute.append('added-attr-canary');
    await untilDelivered(collector, recorder);
    const sent = JSON.stringify(eventsOf(collector));
    expect(sent).toContain('visible-control');
    for (const canary of sent.match(/[a-z-]+-canary/g) ?? []) expect.fail(`${canary} was sent`);
  });

  it("masks all text and blocks images under privacy: 'strict', except td-unmask", async () => {
    const { sent } = await record(collector, { privacy: 'strict' });
    expect(sent).not.toContain('visible-control');
    expect(sent).not.toContain('email-placeholder-visible');
    expect(sent).toContain('unmasked-inside-mask');
    expect(sent).not.toContain('data:,'); // the image is a placeholder
    expect(sent.match(/[a-z-]+-canary/g)).toBeNull();
  });

  it('uses maskTextFn and maskInputFn for what is masked, and only that', async () => {
    const { sent } = await record(collector, {
      maskTextSelector: '.secret',
      maskTextFn: (text: string) => `[${text.length} chars]`,
      maskInputFn: () => '[input]',
    });
    expect(sent).toContain('[19 chars]'); // masked-class-canary
    expect(sent).toContain('[input]');
    expect(sent).toContain('visible-control');
    expect(sent.match(/[a-z-]+-canary/g)).toBeNull();
  });

  it('masks by input type when maskAllInputs is off, and passwords always', async () => {
    const { sent } = await record(collector, {
      maskAllInputs: false,
      maskInputOptions: { email: true },
    });
    expect(sent).toContain('typed-input-canary'); // a text input, now unmasked
    expect(sent).not.toContain('password-canary'); // even with data-td-unmask
    expect(sent).not.toContain('hidden-token-canary');
  });
});
