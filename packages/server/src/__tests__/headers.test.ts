import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startTestServer, type TestServer } from './helpers.js';

describe('security headers', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.close();
    removeDir(server.dataDir);
  });

  it('puts a strict script policy on the viewer, and basic headers everywhere', async () => {
    const viewer = await fetch(`${server.url}/`);
    const csp = viewer.headers.get('content-security-policy') ?? '';
    expect(viewer.headers.get('content-type')).toContain('text/html');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(viewer.headers.get('x-frame-options')).toBe('DENY');
    const api = await fetch(`${server.url}/api/sessions`);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
