import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup, render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initTapedeck, TapedeckProvider, useRecorderState } from '../index.js';

// Outside a Next app the router hooks have no context; this stands in for the app router.
vi.mock('next/navigation', () => ({
  usePathname: () => '/checkout',
  useSearchParams: () => new URLSearchParams('step=2'),
}));

function Status() {
  return <p>status: {useRecorderState((s) => s.status)}</p>;
}

describe('TapedeckProvider (app router)', () => {
  let posts = 0;
  let host = '';
  let close: () => Promise<void>;

  beforeEach(async () => {
    localStorage.clear();
    sessionStorage.clear();
    globalThis.__tapedeckRecorder = undefined;
    posts = 0;
    const server = createServer((req, res) => {
      if (req.method === 'POST') posts++;
      req.resume();
      req.on('end', () =>
        res
          .writeHead(req.method === 'POST' ? 200 : 404, { 'Access-Control-Allow-Origin': '*' })
          .end('{}'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });

  afterEach(async () => {
    cleanup();
    globalThis.__tapedeckRecorder?.stop();
    document.head.innerHTML = '';
    await close();
  });

  it('never records a visitor the server decided not to record', async () => {
    render(
      <TapedeckProvider
        options={{ host, token: 't', remoteConfig: false, flushIntervalMs: 100 }}
        decision={{ enabled: false, sampleRate: 0 }}
      >
        <Status />
      </TapedeckProvider>,
    );
    await screen.findByText('status: sampled-out');
    await new Promise((r) => setTimeout(r, 300));
    expect(posts).toBe(0);
  });

  it('records a visitor the server said yes to, with the route on the timeline', async () => {
    render(
      <TapedeckProvider
        options={{ host, token: 't', remoteConfig: false, flushIntervalMs: 100 }}
        decision={{ enabled: true, sampleRate: 1 }}
      >
        <Status />
      </TapedeckProvider>,
    );
    await screen.findByText('status: recording');
    await vi.waitFor(() => expect(posts).toBeGreaterThan(0), { timeout: 15_000 });
  });

  it('applies the decision to a recorder initTapedeck() made, before it records', async () => {
    const options = { host, token: 't', remoteConfig: false, flushIntervalMs: 100 };
    initTapedeck(options);
    render(
      <TapedeckProvider options={options} decision={{ enabled: false, sampleRate: 0 }}>
        <Status />
      </TapedeckProvider>,
    );
    await screen.findByText('status: sampled-out');
    await new Promise((r) => setTimeout(r, 300));
    expect(posts).toBe(0);
  });

  it('writes the decision into the page, where initTapedeck() reads it before starting', async () => {
    const decision = { enabled: false, sampleRate: 0 };
    const html = renderToString(
      <TapedeckProvider options={{ host: '/ingest', token: 't' }} decision={decision}>
        <Status />
      </TapedeckProvider>,
    );
    const meta = /<meta name="tapedeck-decision"[^>]*>/.exec(html)?.[0];
    expect(meta).toBeDefined();
    document.head.innerHTML = meta!;
    const recorder = initTapedeck({ host, token: 't', remoteConfig: false, flushIntervalMs: 100 });
    await vi.waitFor(() => expect(recorder.getSnapshot().status).toBe('sampled-out'));
    await new Promise((r) => setTimeout(r, 300));
    expect(posts).toBe(0);
  });

  it('renders on the server without touching the browser', () => {
    const html = renderToString(
      <TapedeckProvider options={{ host: '/ingest', token: 't' }}>
        <Status />
      </TapedeckProvider>,
    );
    expect(html).toMatch(/status: (<!-- -->)?idle/);
  });
});
