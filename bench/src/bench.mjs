// `pnpm bench`: Tapedeck beside raw rrweb record, posthog-js and Sentry replay, in Chromium,
// on a heavy page and a form page. Prints main-thread time added over no recorder, total
// blocking time, bytes sent and heap, with ratios. A benchmark, not a test: figures vary with
// the machine; compare ratios from the same run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '@tapedeck/server';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../../scripts/chromium.mjs';
import { startAnchorStub } from './anchorStub.mjs';
import { printCpuSplit, startCpuSplit } from './cpuSplit.mjs';
import { buildPages, outDir, servePages } from './pages.mjs';
import { measureTail, printTail, TAIL_MODES, TAIL_VARIANTS } from './tailScenario.mjs';

const { values } = parseArgs({
  // `pnpm bench -- --runs 1` passes the `--` through.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    runs: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    variants: { type: 'string', default: 'none,tapedeck,rrweb,posthog,sentry' },
    pages: { type: 'string', default: 'heavy,form,tail' },
    'tail-runs': { type: 'string', default: '2' },
    profile: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const SECONDS = Number(values.seconds);
const VARIANTS = values.variants.split(',');
const PAGES = values.pages.split(',').filter((p) => p !== 'tail');
const TAIL = values.pages.split(',').includes('tail');
const TAIL_RUNS = Number(values['tail-runs']);
const PROFILE = values.profile;
const SETTLE_MS = 7000; // Sentry sends replay segments 5 s after activity

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : Number.NaN;
};

async function workload(page, name) {
  const end = Date.now() + SECONDS * 1000;
  let i = 0;
  if (name === 'form') {
    const inputs = page.locator('input');
    const count = await inputs.count();
    while (Date.now() < end) {
      await inputs.nth(i % count).pressSequentially('abc123', { delay: 20 });
      i++;
    }
    return;
  }
  while (Date.now() < end) {
    const t = i / 10;
    await page.mouse.move(400 + 300 * Math.cos(t), 300 + 200 * Math.sin(t));
    if (i % 30 === 0) await page.mouse.wheel(0, i % 60 === 0 ? 400 : -300);
    await page.waitForTimeout(16);
    i++;
  }
}

async function measure(browser, urlFor, pageName, variant, stub) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let bytes = 0;
  page.on('request', (request) => {
    const body = request.postDataBuffer();
    if (body && request.url().includes('/s/?token=')) bytes += body.length;
  });
  const stubBefore = { ...stub.bytes };
  // Long tasks from the very start, so the recorder's first snapshot counts.
  await page.addInitScript(() => {
    window.__tbt = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tbt += Math.max(0, e.duration - 50);
    }).observe({ type: 'longtask' });
  });
  const metric = async (name) =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
  // On the pages' origin first, so the visit stays in the renderer being profiled.
  if (PROFILE) await page.goto(urlFor('blank', variant));
  const profiler = PROFILE ? await startCpuSplit(cdp, outDir) : null;
  const busyBefore = await metric('TaskDuration');
  const scriptBefore = await metric('ScriptDuration');
  await page.goto(urlFor(pageName, variant));
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
  await workload(page, pageName);
  await page.waitForTimeout(SETTLE_MS);
  const cpu = await profiler?.stop();
  const busy = (await metric('TaskDuration')) - busyBefore;
  const script = (await metric('ScriptDuration')) - scriptBefore;
  const tbt = await page.evaluate(() => window.__tbt);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await metric('JSHeapUsedSize');
  await page.close();
  const sent = variant.startsWith('tapedeck')
    ? bytes
    : variant === 'posthog'
      ? stub.bytes.posthog - stubBefore.posthog
      : variant === 'sentry'
        ? stub.bytes.sentry - stubBefore.sentry
        : null;
  return {
    busyMs: busy * 1000,
    scriptMs: script * 1000,
    tbtMs: tbt,
    sent,
    heapMb: heap / 2 ** 20,
    cpu,
  };
}

const fmt = (n, digits = 0) => (n === null || Number.isNaN(n) ? '—' : n.toFixed(digits));
const ratio = (a, b) => (a === null || b === null || !b ? '—' : `${(a / b).toFixed(2)}×`);

function printHeader() {
  console.log(
    `\nMedians of ${RUNS} runs, ${SECONDS} s of activity + ${SETTLE_MS / 1000} s to flush, per page.`,
  );
  console.log(
    '"added ms": main-thread busy time (script, style, layout, GC) minus the same page with no',
  );
  console.log(
    'recorder. "added JS ms": the same for JavaScript execution only, much less noisy here,',
  );
  console.log('where the page itself keeps the main thread busy for seconds.\n');
}

async function main() {
  console.log(`Building the benchmark pages…`);
  await buildPages();
  const dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-'));
  const adminKey = `tdk_bench_${randomBytes(24).toString('base64url')}`;
  const tapedeck = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    adminKey,
    log: () => {},
  });
  const stub = await startAnchorStub();
  const pages = await servePages();
  const executablePath = findChromium();
  if (!executablePath) throw new Error(HOW_TO_GET_CHROMIUM);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const urlFor = (pageName, variant) => {
    const q = new URLSearchParams({
      variant,
      host: tapedeck.url,
      token: tapedeck.project.token,
      anchor: stub.url,
    });
    return `${pages.url}/${pageName}.html?${q}`;
  };
  const results = {};
  const tail = {};
  try {
    for (const pageName of PAGES) {
      results[pageName] = Object.fromEntries(VARIANTS.map((v) => [v, []]));
      for (let run = 0; run < RUNS; run++) {
        for (const variant of VARIANTS) {
          const r = await measure(browser, urlFor, pageName, variant, stub);
          results[pageName][variant].push(r);
          process.stdout.write(
            `  ${pageName} run ${run + 1}/${RUNS} ${variant}: busy ${fmt(r.busyMs)} ms\n`,
          );
        }
      }
    }
    if (TAIL)
      for (let run = 0; run < TAIL_RUNS; run++)
        for (const mode of TAIL_MODES)
          for (const variant of TAIL_VARIANTS.filter((v) => VARIANTS.includes(v))) {
            const n = await measureTail(browser, urlFor, variant, mode, {
              tapedeck: { url: tapedeck.url, adminKey },
              stub,
            });
            tail[variant] ??= {};
            tail[variant][mode] ??= [];
            tail[variant][mode].push(n);
            process.stdout.write(
              `  tail run ${run + 1}/${TAIL_RUNS} ${variant} ${mode}: ${n} views\n`,
            );
          }
  } finally {
    await browser.close();
    await pages.close();
    await stub.close();
    await tapedeck.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  if (PAGES.length) printHeader();
  for (const pageName of PAGES) {
    const m = {};
    for (const variant of VARIANTS) {
      const rs = results[pageName][variant];
      m[variant] = {
        busy: median(rs.map((r) => r.busyMs)),
        script: median(rs.map((r) => r.scriptMs)),
        tbt: median(rs.map((r) => r.tbtMs)),
        sent: rs[0].sent === null ? null : median(rs.map((r) => r.sent)),
        heap: median(rs.map((r) => r.heapMb)),
      };
    }
    const base = m.none?.busy ?? 0;
    const added = (v) => (m[v] ? m[v].busy - base : null);
    const scriptBase = m.none?.script ?? 0;
    const addedJs = (v) => (m[v] ? m[v].script - scriptBase : null);
    console.log(`Page: ${pageName}`);
    console.log(
      [
        'variant',
        'added ms',
        'vs rrweb',
        'vs posthog',
        'added JS ms',
        'vs rrweb',
        'vs posthog',
        'TBT ms',
        'bytes sent',
        'vs posthog',
        'heap MB',
      ]
        .map((h) => h.padStart(12))
        .join(''),
    );
    for (const v of VARIANTS) {
      console.log(
        [
          v,
          fmt(added(v)),
          ratio(added(v), added('rrweb')),
          ratio(added(v), added('posthog')),
          fmt(addedJs(v)),
          ratio(addedJs(v), addedJs('rrweb')),
          ratio(addedJs(v), addedJs('posthog')),
          fmt(m[v].tbt),
          fmt(m[v].sent),
          ratio(m[v].sent, m.posthog?.sent ?? null),
          fmt(m[v].heap, 1),
        ]
          .map((c) => String(c).padStart(12))
          .join(''),
      );
    }
    console.log('');
    if (PROFILE) printCpuSplit(results[pageName], VARIANTS, median);
  }
  if (TAIL) printTail(tail, TAIL_RUNS);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
