// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Mask, TapedeckProvider, Unmask, useRecorderState } from '../index.js';

function Status() {
  return <p>status: {useRecorderState((s) => s.status)}</p>;
}

describe('server rendering', () => {
  it('renders the provider, hooks and masks without touching window', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <TapedeckProvider options={{ host: 'https://replay.example', token: 't' }}>
        <Status />
        <Mask as="span">secret</Mask>
        <Unmask>public</Unmask>
      </TapedeckProvider>,
    );
    expect(html).toMatch(/status: (<!-- -->)?idle/);
    expect(html).toContain('<span data-td-mask="">secret</span>');
    expect(html).toContain('<div data-td-unmask="">public</div>');
  });
});
