// @vitest-environment node
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import ServerPage from './ServerPage.svelte';

describe('server rendering', () => {
  it('renders the provider, store and components without touching window', () => {
    expect(typeof window).toBe('undefined');
    const { body } = render(ServerPage);
    expect(body).toContain('status: idle');
    expect(body.replace(/<!--[^>]*-->/g, '')).toContain('<span data-td-mask="">secret</span>');
  });
});
