// `pnpm bench:viewer`: time to first frame in the viewer for a 30-minute recording, and for a
// 30-minute recording made in two tabs (each replayed from its own snapshot), beside a 1-minute
// one (the player starts once the first chunk has arrived). Target: ≤ 1.5×.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@tapedeck/server';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../../scripts/chromium.mjs';

const ADMIN = 'tdk_bench_viewer_admin_key';
const RUNS = Number(process.env.RUNS ?? 5);

/**
 * A recording of `minutes`: a page of 500 rows, mouse moves every 100 ms (while `acting(t)`),
 * edits every 200 ms.
 */
function recording(minutes, start, acting = () => true) {
  const rows = Array.from({ length: 500 }, (_, i) => ({
    type: 2,
    tagName: 'p',
    attributes: {},
    childNodes: [{ type: 3, textContent: `Row ${i} of the order list`, id: 100 + i * 2 + 1 }],
    id: 100 + i * 2,
  }));
  const events = [
    {
      type: 4,
      timestamp: start,
      data: { href: 'https://shop.example/orders', width: 1024, height: 768 },
    },
    {
      type: 2,
      timestamp: start + 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              tagName: 'html',
              attributes: {},
              id: 2,
              childNodes: [{ type: 2, tagName: 'body', attributes: {}, id: 3, childNodes: rows }],
            },
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
  ];
  for (let t = 100; t < minutes * 60_000; t += 100) {
    if (acting(t))
      events.push({
        type: 3,
        timestamp: start + t,
        data: { source: 1, positions: [{ x: t % 900, y: (t / 7) % 700, id: 3, timeOffset: 0 }] },
      });
    if (t % 200 === 0)
      events.push({
        type: 3,
        timestamp: start + t + 1,
        data: {
          source: 0,
          texts: [{ id: 100 + ((t / 200) % 500) * 2 + 1, value: `Row changed at ${t}` }],
          attributes: [],
          removes: [],
          adds: [],
        },
      });
  }
  return events;
}

const dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-ttff-'));
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  adminKey: ADMIN,
  log: () => {},
});
const api = (path, init = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
  });
const ids = {};
const cases = {
  1: { what: '1-minute recording', body: recording(1, Date.now() - 2 * 60_000) },
  30: { what: '30-minute recording', body: recording(30, Date.now() - 31 * 60_000) },
  // Two tabs opened 5 s apart, the user in one for 5 minutes, then in the other, and so on.
  '30x2': {
    what: '30-minute recording in two tabs',
    body: {
      windows: [0, 1].map((tab) => ({
        windowId: `bench-tab-${tab + 1}`,
        events: recording(
          30,
          Date.now() - 31 * 60_000 + tab * 5000,
          (t) => Math.floor(t / 300_000) % 2 === tab,
        ),
      })),
    },
  },
};
for (const [key, { what, body }] of Object.entries(cases)) {
  const res = await api('/api/sessions/import', { method: 'POST', body: JSON.stringify(body) });
  const imported = await res.json();
  if (!res.ok) throw new Error(`Importing the ${what}: ${JSON.stringify(imported)}`);
  ids[key] = imported.sessionId;
  console.log(`${what}: ${imported.events} events in ${imported.chunks} chunks`);
}

const executablePath = findChromium();
if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${server.url}/#key=${ADMIN}`);
await page.locator('tr[data-session-id]').first().waitFor();
const times = Object.fromEntries(Object.keys(cases).map((key) => [key, []]));
for (let run = 0; run < RUNS; run++) {
  for (const minutes of Object.keys(cases)) {
    await page.goto(`${server.url}/#/`);
    await page.locator('tr[data-session-id]').first().waitFor();
    const started = performance.now();
    await page.goto(`${server.url}/#/sessions/${ids[minutes]}`);
    await page.locator('.td-player[data-status="paused"]').waitFor({ timeout: 60_000 });
    times[minutes].push(performance.now() - started);
  }
}
await browser.close();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const one = median(times[1]);
console.log(`\nTime to first frame (median of ${RUNS}), target ≤ 1.5× the 1-minute one:`);
for (const [key, { what }] of Object.entries(cases)) {
  const ms = median(times[key]);
  console.log(`  ${what}: ${ms.toFixed(0)} ms (${(ms / one).toFixed(2)}×)`);
}
