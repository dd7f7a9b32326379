import { createRecorder } from '@tapedeck/core';

export async function start(params: URLSearchParams): Promise<void> {
  const recorder = createRecorder({
    host: params.get('host')!,
    token: params.get('token')!,
    remoteConfig: false,
    recordWebVitals: params.get('variant') !== 'tapedeck-novitals',
  });
  recorder.start();
  await new Promise<void>((resolve) => {
    const check = () =>
      recorder.getSnapshot().status === 'recording' ? resolve() : setTimeout(check, 20);
    check();
  });
  // For the tail scenario: how it is stopped, and where its recording is.
  Object.assign(window, { __stop: () => recorder.stop(), __sessionId: recorder.getSessionId() });
}
