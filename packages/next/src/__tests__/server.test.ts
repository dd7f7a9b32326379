// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { decideRecording, withTapedeck } from '../server.js';

interface User {
  plan: 'pro' | 'free';
}

describe('decideRecording', () => {
  const rules = [
    { when: (u: User | null) => u?.plan === 'pro', sampleRate: 1 },
    { when: (u: User | null) => u?.plan === 'free', sampleRate: 0.1 },
  ];

  it('takes the first rule that applies, and records nobody else', () => {
    expect(decideRecording<User>({ plan: 'pro' }, rules)).toEqual({ enabled: true, sampleRate: 1 });
    expect(decideRecording<User>({ plan: 'free' }, rules)).toEqual({
      enabled: true,
      sampleRate: 0.1,
    });
    expect(decideRecording<User>(null, rules)).toEqual({ enabled: false, sampleRate: 0 });
  });

  it('takes a function instead, and refuses a bad rate', () => {
    expect(decideRecording(null, () => ({ enabled: true, sampleRate: 0.5 }))).toEqual({
      enabled: true,
      sampleRate: 0.5,
    });
    expect(() => decideRecording({}, [{ when: () => true, sampleRate: 2 }])).toThrow(
      'sampleRate must be from 0 to 1',
    );
  });
});

describe('withTapedeck', () => {
  const noCookies = [{ type: 'header', key: 'cookie' }];
  const ingestion = (path: string, host: string) => [
    { source: `${path}/s`, destination: `${host}/s/`, missing: noCookies },
    { source: `${path}/s/`, destination: `${host}/s/`, missing: noCookies },
    {
      source: `${path}/api/projects/:token/recording-config`,
      destination: `${host}/api/projects/:token/recording-config`,
      missing: noCookies,
    },
  ];

  it('forwards only ingestion and the SDK settings, without cookies, before the app rewrites', async () => {
    const config = withTapedeck(
      { reactStrictMode: true, rewrites: async () => [{ source: '/old', destination: '/new' }] },
      { host: 'https://replay.example.com/' },
    );
    expect(config.reactStrictMode).toBe(true);
    expect(config.skipTrailingSlashRedirect).toBe(true);
    const rewrites = (await config.rewrites()) as { source: string }[];
    expect(rewrites).toEqual([
      ...ingestion('/ingest', 'https://replay.example.com'),
      { source: '/old', destination: '/new' },
    ]);
    // The viewer and the query API are not reachable through the app.
    expect(rewrites.some((r) => r.source.includes(':path*'))).toBe(false);
    const phased = withTapedeck(
      { rewrites: () => ({ afterFiles: [] }) },
      { host: 'http://127.0.0.1:8787', path: '/t' },
    );
    expect(await phased.rewrites()).toEqual({
      afterFiles: [],
      beforeFiles: ingestion('/t', 'http://127.0.0.1:8787'),
    });
  });

  it('says what is wrong with the host', () => {
    expect(() => withTapedeck({}, { host: 'replay.example.com' })).toThrow(
      "host must be your Tapedeck server's URL",
    );
  });
});
