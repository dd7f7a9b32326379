// `pnpm bench:viewer`: time to first frame in the viewer for a 30-minute recording beside a
// 1-minute one (the player starts once the first chunk has arrived). Target: ≤ 1.5×.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '@tapedeck/server';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../../scripts/chromium.mjs';

const ADMIN = 'tdk_bench_viewer_admin_key';
const RUNS = 5;

/** A recording of `minutes`: a page of 500 rows, mouse moves every 100 ms, edits every 200 ms. */
function recording(minutes, start) {
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
for (const minutes of [1, 30]) {
  const events = recording(minutes, Date.now() - minutes * 60_000 - 60_000);
  const res = await api('/api/sessions/import', { method: 'POST', body: JSON.stringify(events) });
  const body = await res.json();
  ids[minutes] = body.sessionId;
  console.log(`${minutes}-minute recording: ${body.events} events in ${body.chunks} chunks`);
}

const executablePath = findChromium();
if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${server.url}/#key=${ADMIN}`);
await page.locator('tr[data-session-id]').first().waitFor();
const times = { 1: [], 30: [] };
for (let run = 0; run < RUNS; run++) {
  for (const minutes of [1, 30]) {
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
const thirty = median(times[30]);
console.log(
  `\nTime to first frame (median of ${RUNS}): 1 min ${one.toFixed(0)} ms, 30 min ${thirty.toFixed(0)} ms → ${(thirty / one).toFixed(2)}× (target ≤ 1.5×)`,
);
