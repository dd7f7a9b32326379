import posthog from 'posthog-js/dist/module.full.no-external';

export async function start(params: URLSearchParams): Promise<void> {
  posthog.init('phc_bench', {
    api_host: params.get('anchor')!,
    autocapture: false,
    capture_pageview: false,
    disable_session_recording: false,
    // Headless Chromium looks like a bot to posthog-js, which would drop every event.
    opt_out_useragent_filter: true,
    session_recording: { maskAllInputs: true },
  });
  await new Promise<void>((resolve) => {
    const check = () => (posthog.sessionRecordingStarted() ? resolve() : setTimeout(check, 20));
    check();
  });
  // For the tail scenario: how it is stopped.
  Object.assign(window, { __stop: () => posthog.stopSessionRecording() });
}
