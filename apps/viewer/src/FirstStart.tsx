import type { Me as MeAnswer } from '@tapedeck/protocol/api';
import { useEffect, useState } from 'react';
import { getJson } from './api.js';

/** What a first-time user sees on an empty list: the snippet to paste, with their token. */
export function FirstStart() {
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => {
    getJson<MeAnswer>('/api/me').then(
      (me) => setToken(me.project.token),
      () => {},
    );
  }, []);
  const host = location.origin;
  const shown = token ?? 'YOUR_PROJECT_TOKEN';
  const snippet = `npm install @tapedeck/core

import { createRecorder } from '@tapedeck/core';

createRecorder({
  host: '${host}',
  token: '${shown}',
}).start();`;
  return (
    <div className="empty first-start">
      <h2>No recordings yet</h2>
      <ol className="steps">
        <li>
          <strong>Try it now:</strong> open the{' '}
          <a href="/demo/" target="_blank" rel="noreferrer">
            demo page
          </a>
          , click around, and come back. The recording shows up here within a few seconds.
        </li>
        <li>
          <strong>Record your own site:</strong> paste this where your app starts (React, Vue,
          Svelte and Next.js have adapters with the same options).
          <pre className="snippet">
            <code>{snippet}</code>
          </pre>
          <button type="button" onClick={() => navigator.clipboard?.writeText(snippet)}>
            Copy snippet
          </button>{' '}
          <span className="muted">
            Project token: <code>{shown}</code>
          </span>
        </li>
      </ol>
    </div>
  );
}
