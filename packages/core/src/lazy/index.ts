import { record } from '@rrweb/record';
import {
  EventType,
  IncrementalSource,
  isUserActivity,
  type RecordedEvent,
  TapedeckEvent,
} from '@tapedeck/protocol';
import type { Capture, CaptureContext } from '../internal/capture.js';
import type { RecorderState } from '../types.js';
import { watchAnimations } from './animationClock.js';
import { captureMode } from './captureMode.js';
import { ClickSignals } from './clickSignals.js';
import { watchFonts } from './fonts.js';
import { maskAttributes } from './maskAttributes.js';
import { MouseThrashing } from './mouseThrashing.js';
import { MutationGuard } from './mutationGuard.js';
import { nameClickTarget } from './nameClickTarget.js';
import type { Mode } from './Pipeline.js';
import { listenToPage } from './pageListeners.js';
import { Privacy } from './privacy.js';
import { maskErrorUrls, maskPayloadUrls } from './redact.js';
import { rrwebOptions } from './rrwebOptions.js';
import { hasFlag, setFlag } from './sessionFlags.js';
import { UrlBlock } from './UrlBlock.js';
import { watchFormResets, watchLateDefinitions } from './unseenChanges.js';
import { watchUnseenState } from './unseenState.js';
import { createUploads } from './uploads.js';
import { UTurns } from './uTurns.js';
import { vitalsSink } from './vitalsSink.js';
import { watchPageviews } from './watchPageviews.js';

export type { Capture, CaptureContext };

// Only incremental snapshots have a `source`.
const isMutation = (e: RecordedEvent) =>
  (e.data as { source?: number }).source === IncrementalSource.Mutation;
const linkEvent = (tag: string, payload: unknown, timestamp: number): RecordedEvent => ({
  type: EventType.Custom,
  timestamp,
  data: { tag, payload },
});

/** Starts rrweb and everything around it. Called once the recorder chunk has loaded. */
export function startCapture(
  ctx: CaptureContext,
  captures?: typeof import('./optionalCaptures.js'),
  vitals?: typeof import('./webVitals.js'),
): Capture {
  const { config, session } = ctx;
  const privacy = new Privacy(config);
  const custom = (tag: string, payload: unknown) => record.addCustomEvent(tag, payload);
  const uploads = createUploads(ctx, (dropped) => {
    if (stopped) return; // after stop(), while what was buffered drains
    custom(TapedeckEvent.gap, {
      reason: 'upload queue full',
      chunks: dropped.length,
      from: dropped[0]?.from,
      to: dropped.at(-1)?.to,
    });
    // What follows may build on nodes that were in the dropped chunks: start afresh.
    record.takeFullSnapshot(true);
  });
  const { pipeline } = uploads;
  let stopped = false;
  let ending: Promise<void> | undefined;
  const cleanups: (() => void)[] = [];

  const status = (): RecorderState['status'] =>
    block.paused
      ? 'paused'
      : ({ off: 'sampled-out', send: 'recording', hold: 'buffering', ring: 'buffering' } as const)[
          pipeline.mode
        ];
  const setMode = (mode: Mode, ringMs = 0) => {
    pipeline.mode = mode;
    pipeline.ringMs = ringMs;
    if (mode === 'off') pipeline.discard();
    if (mode === 'send') pipeline.flush();
    ctx.onState({ status: status(), sessionId: session.sessionId, windowId: session.windowId });
  };
  const decide = () => {
    const id = session.sessionId;
    const { mode, ringMs } = captureMode({
      ...config,
      sampled: ctx.isSampled(id),
      forced: ctx.isForced(),
      bufferUntilError: Boolean(config.bufferUntilError),
      errored: hasFlag(id, 'errored'),
      triggered: hasFlag(id, 'triggered'),
      sessionAgeMs: Date.now() - session.startedAt,
    });
    setMode(mode, ringMs);
  };

  const clicks = new ClickSignals(custom, privacy);
  const thrashing = new MouseThrashing(custom);
  const uTurns = new UTurns(custom);
  const guard = new MutationGuard((perSecond) =>
    capture.stop(
      true,
      `The page changed its DOM ${perSecond} times a second: recording stopped to protect it.`,
    ),
  );
  const animations = watchAnimations(
    (element) => record.mirror.getId(element),
    (started) => custom(TapedeckEvent.animations, { started }),
  );
  const fonts = watchFonts((list) => custom(TapedeckEvent.fonts, { fonts: list }));
  const unseen = watchUnseenState(record.mirror, custom, (event) => onEvent(event));
  const pageview = (href: string) => {
    const masked = privacy.maskUrl(href);
    uTurns.pageview(masked);
    custom(TapedeckEvent.pageview, { href: masked });
  };
  // Decided before rrweb starts: a blocked page's first snapshot and URL never leave it.
  const block = new UrlBlock(config.urlBlocklist, location.href, () => {
    record.takeFullSnapshot(true);
    ctx.onState({ status: status() });
    pageview(location.href);
  });

  const onEvent = (raw: RecordedEvent) => {
    if (stopped) return;
    const event = guard.filter(raw);
    if (!event) return;
    // What a blocked page makes is dropped, so there is nothing to mask.
    const kept = !block.drops();
    const nodeOf = (id: number) => record.mirror.getNode(id);
    const hosts: (Element | null)[] = [];
    if (kept) maskAttributes(event, privacy, nodeOf, hosts);
    if (kept) nameClickTarget(event, nodeOf, privacy);
    if (kept && event.type === EventType.Meta) {
      const data = event.data as { href?: unknown };
      if (typeof data.href === 'string') data.href = privacy.maskUrl(data.href);
    }
    if (isMutation(event)) clicks.mutation(event.timestamp);
    thrashing.samples(event);
    if (isUserActivity(event)) {
      const now = Date.now();
      if (session.isExpired(now)) rotate(now, 'idle');
      else session.touch(now);
    }
    if (kept) pipeline.push(event);
    // After each full snapshot, where every running animation was (once the ids exist).
    if (event.type === EventType.FullSnapshot)
      setTimeout(() => {
        animations.reportAll();
        fonts.reportAll();
        unseen.reportAll(hosts);
      }, 0);
  };

  const rotate = (now: number, reason: 'idle' | 'reset') => {
    const previous = session.sessionId;
    pipeline.push(linkEvent(TapedeckEvent.sessionEnding, { reason }, now - 1));
    if (pipeline.mode === 'send') pipeline.flush();
    else pipeline.discard(); // that session never qualified to be sent
    session.rotate(now, reason === 'reset');
    fonts.reset();
    decide();
    record.takeFullSnapshot(true);
    // The viewer follows this link from one session to the next.
    custom(TapedeckEvent.sessionStarting, { previousSessionId: previous, reason });
    custom(TapedeckEvent.pageview, { href: privacy.maskUrl(location.href) });
  };

  const onPageview = (href: string) => {
    clicks.navigation();
    const wasPaused = block.paused;
    const open = block.navigate(href);
    if (block.paused !== wasPaused) ctx.onState({ status: status() });
    // Neither a page view nor a U-turn names a blocked page.
    if (open) pageview(href);
  };

  const stopRecord = record({
    emit: (event) => onEvent(event as RecordedEvent),
    ...rrwebOptions(config, privacy),
  });
  if (!stopRecord) {
    ctx.onState({ status: 'stopped', lastError: 'rrweb could not record this page.' });
    uploads.dispose();
    return { custom() {}, exception() {}, newSession() {}, redecide() {}, stop: async () => {} };
  }
  decide();
  onPageview(location.href);
  ctx.onState({ status: status() });

  cleanups.push(
    listenToPage({
      click: (e) => clicks.click(e),
      scrollOrSelection: () => clicks.scrollOrSelection(),
      pagehide: () => {
        clicks.navigation();
        pipeline.handOff();
        session.release();
      },
      pageshow: () => session.resume(),
      hidden: () => pipeline.handOff(), // the page may never be shown again
      visible: () => record.takeFullSnapshot(true), // the page may have changed while hidden
    }),
  );
  cleanups.push(watchPageviews(onPageview));
  cleanups.push(watchFormResets());
  cleanups.push(() => animations.stop());
  cleanups.push(() => fonts.stop());
  cleanups.push(() => unseen.stop());
  cleanups.push(watchLateDefinitions(() => !block.paused && record.takeFullSnapshot(true)));
  cleanups.push(() => block.dispose());

  const flushTimer = setInterval(() => {
    if (pipeline.mode === 'hold' && Date.now() - session.startedAt >= config.minimumDurationMs)
      decide();
    pipeline.flush();
  }, config.flushIntervalMs);
  cleanups.push(() => clearInterval(flushTimer));
  // Buffering modes keep a recent full snapshot, so what is kept always starts with one.
  const ringTimer = setInterval(() => {
    if (pipeline.mode !== 'ring') return;
    record.takeFullSnapshot(true);
    pipeline.trim();
  }, 15_000);
  cleanups.push(() => clearInterval(ringTimer));
  if (config.maxRecordingDurationMinutes) {
    const limit = setTimeout(
      () =>
        capture.stop(
          true,
          `Stopped after ${config.maxRecordingDurationMinutes} minutes (maxRecordingDurationMinutes).`,
        ),
      config.maxRecordingDurationMinutes * 60_000,
    );
    cleanups.push(() => clearTimeout(limit));
  }
  const isOwn = (url: string) =>
    url.startsWith(`${config.host}/s/`) || url.startsWith(`${config.host}/api/projects/`);
  if (captures && config.recordConsole)
    cleanups.push(captures.captureConsole(config.recordConsole, privacy, onEvent));
  if (captures && config.recordNetwork)
    cleanups.push(captures.captureNetwork(config.recordNetwork, privacy, isOwn, onEvent));
  if (vitals) cleanups.push(vitals.captureWebVitals(vitalsSink(privacy, block, custom, pipeline)));

  const capture: Capture = {
    custom(tag, payload) {
      if (ending) return;
      custom(tag, maskPayloadUrls(payload, privacy));
      if (
        config.triggerEvents.includes(tag) &&
        pipeline.mode === 'ring' &&
        !config.bufferUntilError
      ) {
        setFlag(session.sessionId, 'triggered');
        decide();
      }
    },
    exception(payload) {
      if (ending) return;
      custom(TapedeckEvent.exception, maskErrorUrls(payload, privacy));
      if (config.bufferUntilError && pipeline.mode === 'ring') {
        setFlag(session.sessionId, 'errored');
        decide();
      }
    },
    newSession() {
      rotate(Date.now(), 'reset');
    },
    redecide() {
      decide();
    },
    stop(send, reason) {
      if (ending) return ending;
      if (reason) custom(TapedeckEvent.recordingStopped, { reason });
      ctx.onState({ status: 'stopped', ...(reason ? { lastError: reason } : {}) });
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      clicks.dispose();
      // rrweb hands over this task's DOM changes in a microtask: stopping it now drops them.
      ending = Promise.resolve().then(() => {
        stopRecord();
        stopped = true;
        if (send) pipeline.flush();
        else pipeline.discard();
        session.release();
        return uploads.drain();
      });
      return ending;
    },
  };
  return capture;
}
