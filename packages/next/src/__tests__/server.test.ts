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
  it('puts the ingestion rewrite first, keeping the app rewrites', async () => {
    const config = withTapedeck(
      { reactStrictMode: true, rewrites: async () => [{ source: '/old', destination: '/new' }] },
      { host: 'https://replay.example.com/' },
    );
    expect(config.reactStrictMode).toBe(true);
    expect(config.skipTrailingSlashRedirect).toBe(true);
    expect(await config.rewrites()).toEqual([
      { source: '/ingest/:path*', destination: 'https://replay.example.com/:path*' },
      { source: '/old', destination: '/new' },
    ]);
    const phased = withTapedeck(
      { rewrites: () => ({ afterFiles: [] }) },
      { host: 'http://127.0.0.1:8787', path: '/t' },
    );
    expect(await phased.rewrites()).toEqual({
      afterFiles: [],
      beforeFiles: [{ source: '/t/:path*', destination: 'http://127.0.0.1:8787/:path*' }],
    });
  });

  it('says what is wrong with the host', () => {
    expect(() => withTapedeck({}, { host: 'replay.example.com' })).toThrow(
      "host must be your Tapedeck server's URL",
    );
  });
});
