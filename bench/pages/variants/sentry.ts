import * as Sentry from '@sentry/browser';

export async function start(params: URLSearchParams): Promise<void> {
  const anchor = new URL(params.get('anchor')!);
  Sentry.init({
    dsn: `http://public@${anchor.host}/1`,
    integrations: [Sentry.replayIntegration({ maskAllText: false, blockAllMedia: false })],
    replaysSessionSampleRate: 1,
    replaysOnErrorSampleRate: 0,
  });
  await new Promise<void>((resolve) => {
    const check = () => (Sentry.getReplay()?.getReplayId() ? resolve() : setTimeout(check, 20));
    check();
  });
  // For the tail scenario: how it is stopped (Sentry's stop() flushes first).
  Object.assign(window, { __stop: () => Sentry.getReplay()?.stop() });
}
