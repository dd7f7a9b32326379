// `node bench/src/bytesBreakdown.mjs`: where the bytes of the heavy page go, for Tapedeck and
// posthog-js: request bodies as sent, decoded, split by rrweb event kind (nodes expanded), raw
// and gzipped; and what the same chunks would be as plain rrweb JSON.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { unpackEvents } from '@tapedeck/protocol';
import { startServer } from '@tapedeck/server';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { startAnchorStub } from './anchorStub.mjs';
import { buildPages, servePages } from './pages.mjs';

const SECONDS = Number(process.env.SECONDS ?? 8);
const OUT = process.env.OUT;
const kind = (e) =>
  e.type === 2 ? 'full' : e.type === 3 ? `inc.${e.data.source}` : `type.${e.type}`;

function table(name, requests, events) {
  const by = {};
  for (const e of events) {
    const k = kind(e);
    by[k] ??= [];
    by[k].push(JSON.stringify(e));
  }
  const total = requests.reduce((s, b) => s + b.length, 0);
  console.log(`\n${name}: ${requests.length} requests, ${total} bytes sent`);
  console.log(`  sizes: ${requests.map((b) => b.length).join(' ')}`);
  for (const [k, list] of Object.entries(by).sort()) {
    const raw = list.join(',');
    console.log(
      `  ${k.padEnd(8)} n=${String(list.length).padStart(5)} json=${String(raw.length).padStart(8)} gzip9=${String(gzipSync(raw, { level: 9 }).length).padStart(7)}`,
    );
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'tapedeck-bb-'));
await buildPages();
const tapedeck = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  adminKey: `tdk_bench_${randomBytes(24).toString('base64url')}`,
  log: () => {},
});
const stub = await startAnchorStub();
const pages = await servePages();
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
try {
  for (const variant of (process.env.VARIANTS ?? 'tapedeck,posthog').split(',')) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const bodies = [];
    page.on('request', (r) => {
      const b = r.postDataBuffer();
      if (b && r.url().includes('/s/?token=')) bodies.push({ url: r.url(), b });
    });
    stub.bodies.posthog.splice(0);
    const q = new URLSearchParams({
      variant,
      host: tapedeck.url,
      token: tapedeck.project.token,
      anchor: stub.url,
    });
    await page.goto(`${pages.url}/heavy.html?${q}`);
    await page.waitForFunction(() => window.__ready === true, null, { timeout: 30_000 });
    const end = Date.now() + SECONDS * 1000;
    for (let i = 0; Date.now() < end; i++) {
      await page.mouse.move(400 + 300 * Math.cos(i / 10), 300 + 200 * Math.sin(i / 10));
      if (i % 30 === 0) await page.mouse.wheel(0, i % 60 === 0 ? 400 : -300);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(7000);
    await page.close();
    if (variant === 'tapedeck') {
      const events = [];
      const texts = [];
      let plain = 0;
      for (const { b } of bodies) {
        const text = b[0] === 0x1f ? gunzipSync(b).toString() : b.toString();
        texts.push(text);
        const chunk = JSON.parse(text);
        unpackEvents(chunk.events);
        events.push(...chunk.events);
        // The same chunk as plain rrweb JSON, gzipped as the browser's CompressionStream does.
        plain += gzipSync(JSON.stringify(chunk), { level: 6 }).length;
      }
      const sent = bodies.reduce((n, x) => n + x.b.length, 0);
      console.log(
        `\ntapedeck as plain rrweb JSON, same chunks, gzip: ${plain} bytes (sent ${(sent / plain).toFixed(2)}×)`,
      );
      if (OUT) writeFileSync(`${OUT}/tapedeck.json`, JSON.stringify(texts));
      table(
        'tapedeck',
        bodies.map((x) => x.b),
        events,
      );
    } else {
      const reqs = stub.bodies.posthog;
      const events = [];
      const texts = [];
      for (const b of reqs) {
        const text = b[0] === 0x1f ? gunzipSync(b).toString() : b.toString();
        texts.push(text);
        for (const ev of JSON.parse(text)) {
          for (const e of ev.properties.$snapshot_data) {
            for (const key of ['data']) {
              if (typeof e[key] === 'string')
                e[key] = JSON.parse(gunzipSync(Buffer.from(e[key], 'latin1')));
            }
            if (e.data && typeof e.data === 'object')
              for (const f of ['adds', 'removes', 'texts', 'attributes'])
                if (typeof e.data[f] === 'string')
                  e.data[f] = JSON.parse(gunzipSync(Buffer.from(e.data[f], 'latin1')));
            events.push(e);
          }
        }
      }
      if (OUT) writeFileSync(`${OUT}/posthog.json`, JSON.stringify(texts));
      table('posthog', reqs, events);
    }
  }
} finally {
  await browser.close();
  await pages.close();
  await stub.close();
  await tapedeck.close();
  rmSync(dataDir, { recursive: true, force: true });
}
