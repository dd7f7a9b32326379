'use client';
import { type MouseEvent, useState } from 'react';

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
 * bodies may be recorded (`networkBodyAllowUrls` in the layout) and to one whose may not. Both
 * answer 404; the requests are what is recorded.
 */
function sendRequests(form: HTMLFormElement | null) {
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

/** The privacy page's one client part: the button that sends requests and logs. */
export function SendRequests() {
  const [sent, setSent] = useState(false);
  const send = async (event: MouseEvent<HTMLButtonElement>) => {
    await sendRequests(event.currentTarget.form);
    setSent(true);
  };
  return (
    <>
      <button type="button" onClick={send}>
        Send requests
      </button>
      {sent && <p>requests: sent</p>}
    </>
  );
}
