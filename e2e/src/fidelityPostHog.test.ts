import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { launchChromium } from './browser.js';
import {
  ARTIFACTS,
  compare,
  frameImage,
  openPlayer,
  type PlayerName,
  type Recording,
  seekImage,
  VIEWPORT,
} from './fidelityKit.js';
import { formatTable, type Row } from './fidelityTable.js';
import {
  buildPostHogSite,
  decompressed,
  POSTHOG_SITE_DIR,
  postHogExportFile,
  startPostHogStub,
  writeRecording,
} from './postHogKit.js';
import { type CliServer, startCliServer } from './server.js';
import { waitFor } from './session.js';

// A recording made by posthog-js, exported as PostHog's "Export to file" writes it (v2),
// imported through `POST /api/sessions/import`, then replayed by rrweb's own Replayer on the
// PostHog events and by Tapedeck's player on the imported session, both compared pixel by
// pixel with what the user saw: warm at every checkpoint, cold and warm at the last moment.
const PAGE = 'fidelity-basics';
const PLAYERS: PlayerName[] = ['rrweb', 'tapedeck'];
/** Two renderings of the same DOM differ by a few anti-aliased pixels at most. */
const NOISE = 0.0002;
const KEEP_BELOW = process.env.TAPEDECK_FIDELITY_IMAGES === 'all' ? 1 : 0.995;

describe('a PostHog replay export imports and replays as well as rrweb plays its events', () => {
  let server: CliServer;
  let browser: Browser;
  let live: { url: string; close(): Promise<void> };
  let replayOrigin: { url: string; close(): Promise<void> };
  let stub: Awaited<ReturnType<typeof startPostHogStub>>;

  beforeAll(async () => {
    await buildPostHogSite([PAGE]);
    [server, browser, live, replayOrigin, stub] = await Promise.all([
      startCliServer({ args: ['--no-demo'] }),
      launchChromium(),
      serveStatic(POSTHOG_SITE_DIR),
      serveStatic(POSTHOG_SITE_DIR), // the same files on another origin: the players'
      startPostHogStub(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([live?.close(), replayOrigin?.close(), stub?.close(), server?.stop()]);
  });

  const importFile = async (file: unknown) => {
    const res = await server.api('/api/sessions/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(file),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as { sessionId: string }).sessionId;
  };

  it(`${PAGE} recorded by posthog-js: Tapedeck never below rrweb`, async () => {
    // Recorded live by posthog-js, a screenshot after each step.
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${live.url}/${PAGE}.html?${new URLSearchParams({ posthog: stub.url })}`);
    type PostHog = { posthog?: { sessionRecordingStarted(): boolean } };
    await page.waitForFunction(() =>
      (window as never as PostHog).posthog?.sessionRecordingStarted(),
    );
    const steps = await page.evaluate(() => (window as never as { steps: unknown[] }).steps.length);
    const shots: { at: number; live: PNG }[] = [];
    let lastStep = 0;
    for (let i = 0; i < steps; i++) {
      lastStep = Date.now();
      await page.evaluate((n) => (window as never as { steps: (() => void)[] }).steps[n]!(), i);
      // As in the fidelity suite: what the recorder reports a little later (throttled scrolls).
      await page.waitForTimeout(700);
      const at = await page.evaluate(() => Date.now());
      shots.push({ at, live: PNG.sync.read(await page.screenshot({ caret: 'initial' })) });
    }
    // posthog-js sends what it holds as the page goes: left (the tab stays open, so that its
    // last upload gets out), then uploaded up to the last step.
    await page.goto('about:blank');
    const uploaded = () =>
      stub.uploads.flatMap((u) => u.properties.$snapshot_data ?? []).map((e) => e.timestamp);
    await waitFor(
      async () => uploaded().some((t) => t >= lastStep) || undefined,
      'posthog-js to upload the last step',
    );
    await page.close();

    // The export file, as PostHog's UI writes it (plain rrweb events) and as posthog-js sent
    // the events (large ones compressed, cv '2024-10'): both import to the same recording.
    const file = postHogExportFile(stub.uploads);
    const asSent = postHogExportFile(stub.uploads, true);
    expect(asSent.data.snapshots.some((e) => 'cv' in e)).toBe(true);
    const sessionId = await importFile(file);
    const sessionAsSent = await importFile(asSent);
    const exported = async (id: string) =>
      (await (await server.api(`/api/sessions/${id}/export`)).json()) as unknown[];
    expect(await exported(sessionAsSent)).toEqual(await exported(sessionId));
    const detail = (await (await server.api(`/api/sessions/${sessionId}`)).json()) as {
      distinctId: string;
    };
    expect(detail.distinctId).toBe(file.data.person.distinct_ids[0]);
    const stream = await (await server.api(`/api/sessions/${sessionId}/snapshots`)).text();
    const windows = new Set(file.data.snapshots.map((e) => e.windowId));
    const storedWindows = new Set(
      stream
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { windowId: string }).windowId),
    );
    expect(storedWindows).toEqual(windows);

    // rrweb's Replayer on PostHog's events; Tapedeck's player on the imported session.
    const events = file.data.snapshots.map(({ windowId: _, ...event }) => decompressed(event));
    const times = events.map((e) => e.timestamp);
    const start = Math.min(...times);
    const base = {
      start,
      duration: Math.max(...times) - start,
      checkpoints: shots.map((s) => ({ at: s.at - start, live: s.live })),
    };
    const recordings: Record<PlayerName, Recording> = {
      rrweb: {
        ...base,
        name: `posthog-${PAGE}`,
        eventsUrl: writeRecording('posthog-events', JSON.stringify({ events })),
      },
      tapedeck: {
        ...base,
        name: `posthog-import-${PAGE}`,
        eventsUrl: writeRecording('posthog-imported', stream),
      },
    };
    const n = shots.length;
    const rows = [...Array(n + 1).keys()].map(
      (i): Row => ({
        page: `${PAGE} (PostHog export)`,
        checkpoint: i === n ? 'end' : String(i),
        rrweb: {},
        tapedeck: {},
      }),
    );
    for (const player of PLAYERS) {
      const recording = recordings[player];
      // Warm: forwards through the checkpoints to the end, then back, then a jump.
      const replay = await openPlayer(browser, replayOrigin.url, recording, player);
      const order = [...Array(n + 1).keys(), ...[...Array(n).keys()].reverse(), n];
      for (const [k, i] of order.entries()) {
        const { at, live: image } = base.checkpoints[Math.min(i, n - 1)]!;
        const shot = await seekImage(replay, i === n ? base.duration : at);
        const identical = compare(image, shot, `posthog-${player}-warm${k}-${i}`, KEEP_BELOW);
        rows[i]![player].warm = Math.min(rows[i]![player].warm ?? 1, identical);
      }
      await replay.close();
      // Cold at the end: a fresh player opened at the last moment.
      const cold = await openPlayer(browser, replayOrigin.url, recording, player, base.duration);
      const image = base.checkpoints[n - 1]!.live;
      rows[n]![player].cold = compare(image, await frameImage(cold), `posthog-${player}-cold`, 1);
      await cold.close();
    }
    const table = formatTable(rows, false);
    console.log(table);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'table-posthog.md'), `${table}\n`);

    const belowRrweb = rows.flatMap((row) =>
      (['cold', 'warm'] as const).flatMap((mode) => {
        const ours = row.tapedeck[mode];
        const theirs = row.rrweb[mode];
        return ours !== undefined && theirs !== undefined && ours < theirs - NOISE
          ? [`checkpoint ${row.checkpoint} ${mode}: ${ours} < rrweb ${theirs}`]
          : [];
      }),
    );
    expect(belowRrweb).toEqual([]);
  });
});
