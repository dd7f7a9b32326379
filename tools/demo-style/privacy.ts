// For the demo shops' privacy check page (/privacy): the same side doors in every framework.

/** Every capture on, so the privacy page goes through each side door; request bodies are
 * recorded for its allowed endpoint only. Plain values: Next passes them to the client. */
export const demoCapture = {
  recordConsole: true,
  recordNetwork: {
    recordHeaders: true,
    recordBody: true,
    networkBodyAllowUrls: ['/privacy-api/allowed'],
  },
  recordCanvas: true,
  recordMouseMoves: true,
};

/** A POST with a JSON or a form body (and a secret header). */
const post = (type: 'json' | 'form', fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: {
    Authorization: 'Bearer canary-authorization-header',
    ...(type === 'json' ? { 'Content-Type': 'application/json' } : {}),
  },
  body: type === 'json' ? JSON.stringify(fields) : new URLSearchParams(fields),
});

/**
 * Logs a field and an object with a password, and posts bodies with passwords to the URL whose
 * bodies may be recorded (`networkBodyAllowUrls` above) and to one whose may not. Both answer
 * 404 on the demos' servers; the requests are what is recorded.
 */
export function sendPrivacyRequests(form: HTMLFormElement | null) {
  console.log(form?.elements.namedItem('name'), {
    user: 'control-console-user',
    password: 'canary-console-password',
  });
  const allowed = '/privacy-api/allowed.json';
  const other = '/privacy-api/other.json';
  return Promise.allSettled([
    fetch(allowed, post('json', { item: 'control-allowed-json', password: 'canary-allowed-json' })),
    fetch(allowed, post('form', { item: 'control-allowed-form', password: 'canary-allowed-form' })),
    fetch(other, post('json', { item: 'canary-other-json-item', password: 'canary-other-json' })),
    fetch(other, post('form', { item: 'canary-other-form-item', password: 'canary-other-form' })),
  ]);
}
