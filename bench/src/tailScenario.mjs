// The tail scenario of `pnpm bench`: a single-page app swaps a big view (about 550 nodes)
// every EVERY_MS, up to the very moment it is left — by navigating away, by closing the tab,
// or by stopping the recorder in the same task as the last view — and counts how many of its
// views were delivered: for Tapedeck, those in the recording the server stored; for
// posthog-js and Sentry replay, those in what their SDK sent to the stub.
import { randomBytes } from 'node:crypto';
import { decodedText } from './decodeBodies.mjs';

// 7.5 s in all: Sentry sends nothing of a replay shorter than 5 s (its minReplayDuration).
export const TAIL_VIEWS = 30;
const EVERY_MS = 250;
/** After leaving: Sentry sends a segment 5 s after the last activity. */
const SETTLE_MS = 7000;
export const TAIL_MODES = ['navigate', 'close', 'stop'];
export const TAIL_VARIANTS = ['tapedeck', 'posthog', 'sentry'];

async function storedText(tapedeck, sessionId) {
  const response = await fetch(`${tapedeck.url}/api/sessions/${sessionId}/snapshots`, {
    headers: { Authorization: `Bearer ${tapedeck.adminKey}` },
  });
  return response.ok ? response.text() : '';
}

/** How many of the TAIL_VIEWS views `variant` delivered when the page was left by `mode`. */
export async function measureTail(browser, urlFor, variant, mode, { tapedeck, stub }) {
  const run = randomBytes(4).toString('hex');
  const markers = Array.from({ length: TAIL_VIEWS }, (_, i) => `tail-${run}-${i + 1}`);
  stub.bodies[variant]?.splice(0);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(urlFor('tail', variant));
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  const sessionId = await page.evaluate(() => window.__sessionId ?? null);
  const swaps = page.evaluate(
    async ({ markers, every, mode }) => {
      for (let i = 0; i < markers.length; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, every));
        window.go(markers[i], i + 1);
      }
      if (mode === 'stop') window.__stop();
      if (mode === 'navigate') location.href = 'about:blank';
    },
    { markers, every: EVERY_MS, mode },
  );
  if (mode === 'navigate') {
    await swaps.catch(() => {}); // the page goes as it answers
    await page.waitForURL('about:blank');
  } else await swaps;
  if (mode === 'close') await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const text =
    variant === 'tapedeck'
      ? await storedText(tapedeck, sessionId)
      : decodedText(stub.bodies[variant] ?? []);
  await context.close();
  return markers.filter((m) => text.includes(m)).length;
}

/** Prints, per variant and way of leaving, the views delivered: median and worst of the runs. */
export function printTail(results, runs) {
  console.log(
    `Tail: a single-page app swaps a view of ~550 nodes every ${EVERY_MS} ms, ${TAIL_VIEWS} views,`,
  );
  console.log(
    'up to the moment it is left. Views delivered (Tapedeck: in the stored recording; posthog-js',
  );
  console.log(`and Sentry: in what their SDK sent), median / worst of ${runs} run(s).`);
  console.log(['variant', ...TAIL_MODES].map((h) => h.padStart(12)).join(''));
  for (const [variant, byMode] of Object.entries(results)) {
    const cells = TAIL_MODES.map((mode) => {
      const xs = [...(byMode[mode] ?? [])].sort((a, b) => a - b);
      if (!xs.length) return '—';
      return `${xs[Math.floor((xs.length - 1) / 2)]}/${xs[0]} of ${TAIL_VIEWS}`;
    });
    console.log([variant, ...cells].map((c) => String(c).padStart(12)).join(''));
  }
  console.log('');
}
