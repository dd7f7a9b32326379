// The Next.js apps (app router, pages router) recorded by scripts/outside-apps.mjs. The app
// router's layout decides on the server (a `user` cookie: recorded; none: not), and
// `instrumentation-client.js` creates the recorder with initTapedeck() when the URL has
// `?init`, so one build checks that the decision holds whichever way the recorder is made.
import { page } from './page.mjs';
import { recordApp, visitUnrecorded } from './record.mjs';

/** The page both routers render: a client component. */
const pageJsx = (app, imports) => `'use client';
import { Mask, useRecorderState } from '${imports}';
import { useState } from 'react';

export default function Page() {
  const [pressed, setPressed] = useState(false);
  const { status } = useRecorderState();
  return (
    <main>
      <h1>${page(app).visible}</h1>
      <Mask><p>${page(app).masked}</p></Mask>
      <label>Name <input name="name" /></label>
      <button type="button" onClick={() => setPressed(true)}>Press</button>
      {pressed && <p>pressed</p>}
      <p>recorder: {status}</p>
    </main>
  );
}
`;

const next = (name) => ({
  name,
  dependencies: { next: '16.4.6', react: '19.3.1', 'react-dom': '19.3.1' },
  devDependencies: {},
  build: ['npx', 'next', 'build'],
  serve: (port) => ['npx', 'next', 'start', '-H', '127.0.0.1', '-p', String(port)],
  buildEnv: (server) => ({ TD_SERVER: server.url, NEXT_PUBLIC_TD_TOKEN: server.token }),
  clientDirs: ['.next/static'],
});

const nextConfig = (withTapedeck) =>
  withTapedeck
    ? `import { withTapedeck } from '@tapedeck/next/server';
export default withTapedeck(
  { productionBrowserSourceMaps: true },
  { host: process.env.TD_SERVER, path: '/ingest' },
);
`
    : `export default { productionBrowserSourceMaps: true };
`;

export const nextApp = {
  ...next('next-app'),
  adapters: ['next', 'react'],
  budget: '@tapedeck/next 3 KB + react 2 KB',
  tapedeck: ['next', 'react', 'core', 'protocol'],
  // `next start` reads next.config.mjs again.
  serveEnv: (server) => ({ TD_SERVER: server.url }),
  files: {
    'next.config.mjs': nextConfig(true),
    'app/layout.jsx': `import { TapedeckProvider } from '@tapedeck/next';
import { decideRecording } from '@tapedeck/next/server';
import { cookies } from 'next/headers';

export default async function RootLayout({ children }) {
  const user = (await cookies()).get('user')?.value ?? null;
  const decision = decideRecording(user, [{ when: (u) => u !== null, sampleRate: 1 }]);
  const options = { host: '/ingest', token: process.env.NEXT_PUBLIC_TD_TOKEN };
  return (
    <html lang="en">
      <body>
        <TapedeckProvider options={options} decision={decision}>{children}</TapedeckProvider>
      </body>
    </html>
  );
}
`,
    'app/page.jsx': pageJsx('next-app', '@tapedeck/next'),
    'instrumentation-client.js': `import { initTapedeck } from '@tapedeck/next';

// Only with ?init, so one build tries both ways of creating the recorder.
if (new URLSearchParams(window.location.search).has('init')) {
  initTapedeck({ host: '/ingest', token: process.env.NEXT_PUBLIC_TD_TOKEN });
}
`,
  },
  /** Recorded with the user cookie, not without, with the provider and with initTapedeck. */
  async record(browser, server, url) {
    const user = [{ name: 'user', value: 'ada' }];
    const seen = new Set();
    const leaked = [];
    const notes = [];
    for (const [how, at] of [
      ['provider', url],
      ['initTapedeck', `${url}?init`],
    ]) {
      const recorded = await recordApp(browser, server, 'next-app', at, {
        cookies: user,
        exclude: seen,
      });
      seen.add(recorded.session.id);
      leaked.push(...recorded.leaked);
      const sent = await visitUnrecorded(browser, 'next-app', at);
      if (sent > 0) {
        throw new Error(
          `with ${how}, a visitor the server's decision said no to sent ${sent} requests`,
        );
      }
      notes.push(`${how}: decision yes recorded, decision no sent nothing`);
    }
    return { leaked, note: notes.join('; ') };
  },
};

export const nextPages = {
  ...next('next-pages'),
  adapters: ['react'],
  budget: '@tapedeck/react 2 KB',
  tapedeck: ['react', 'core', 'protocol'],
  buildEnv: (server) => ({ NEXT_PUBLIC_TD_HOST: server.url, NEXT_PUBLIC_TD_TOKEN: server.token }),
  files: {
    'next.config.mjs': nextConfig(false),
    'pages/_app.jsx': `import { TapedeckProvider } from '@tapedeck/react';

const options = {
  host: process.env.NEXT_PUBLIC_TD_HOST,
  token: process.env.NEXT_PUBLIC_TD_TOKEN,
};

export default function App({ Component, pageProps }) {
  return (
    <TapedeckProvider options={options}>
      <Component {...pageProps} />
    </TapedeckProvider>
  );
}
`,
    'pages/index.jsx': pageJsx('next-pages', '@tapedeck/react'),
  },
};
