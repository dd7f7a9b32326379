import { gunzipSync } from 'node:zlib';
import { limits, type RecordedEvent } from '@tapedeck/protocol';
import type { PostHogExport } from '@tapedeck/protocol/api';
import { HttpError } from '../internal/HttpError.js';

/** PostHog's export file versions: v1 (events by window) and v2 (events with their window). */
export const POSTHOG_V1 = '2022-12-02';
export const POSTHOG_V2 = '2023-04-28';
/** posthog-js's event compression: gzip bytes as a latin1 string, JSON inside. */
const COMPRESSION = '2024-10';
/** Mutation and style sheet fields posthog-js compresses one by one. */
const COMPRESSED_FIELDS = ['adds', 'removes', 'texts', 'attributes'] as const;
/** All the compressed events of one file may inflate to this much, together. */
const INFLATE_BUDGET = 512 * 1024 * 1024;

export interface ImportedWindows {
  /** The person's first distinct id, when PostHog exported one that fits Tapedeck's limit. */
  distinctId?: string;
  /** Each window of the recording, with its PostHog window id, events in time order. */
  windows: { windowId: string; events: RecordedEvent[] }[];
}

type PostHogEvent = RecordedEvent & { cv?: unknown; windowId?: unknown };

/**
 * A PostHog replay export file as Tapedeck windows: the window ids kept, the person's
 * first distinct id, and events posthog-js compressed (`cv: '2024-10'`) decompressed.
 */
export function fromPostHog(file: PostHogExport): ImportedWindows {
  const byWindow = new Map<string, PostHogEvent[]>();
  if (file.version === POSTHOG_V1) {
    const windows = file.data.snapshotsByWindowId;
    if (!windows)
      throw new HttpError(
        400,
        `A PostHog export of version '${POSTHOG_V1}' holds its events in data.snapshotsByWindowId, which this file lacks. Export the recording again from PostHog.`,
      );
    for (const [windowId, events] of Object.entries(windows))
      byWindow.set(windowId, events as PostHogEvent[]);
  } else if (file.version === POSTHOG_V2) {
    const snapshots = file.data.snapshots;
    if (!snapshots)
      throw new HttpError(
        400,
        `A PostHog export of version '${POSTHOG_V2}' holds its events in data.snapshots, which this file lacks. Export the recording again from PostHog.`,
      );
    for (const { windowId, ...event } of snapshots) {
      const events = byWindow.get(windowId) ?? [];
      events.push(event as PostHogEvent);
      byWindow.set(windowId, events);
    }
  } else {
    throw new HttpError(
      400,
      `Unknown PostHog export version '${file.version}': Tapedeck reads '${POSTHOG_V1}' and '${POSTHOG_V2}'. Export the recording again from PostHog, or send plain rrweb events ({ events }).`,
    );
  }
  const budget = { left: INFLATE_BUDGET };
  const windows = [...byWindow].map(([windowId, events]) => ({
    windowId,
    events: events
      .map((event, i) => inflate(event, `window ${windowId}, event ${i}`, budget))
      .sort((a, b) => a.timestamp - b.timestamp),
  }));
  const distinctId = file.data.person?.distinct_ids?.find(
    (id) => id.length > 0 && id.length <= limits.maxIdLength,
  );
  return { ...(distinctId ? { distinctId } : {}), windows };
}

/** The event as rrweb wrote it: posthog-js's compressed fields gunzipped, `cv` gone. */
function inflate(event: PostHogEvent, where: string, budget: { left: number }): RecordedEvent {
  const { cv, ...plain } = event;
  if (cv === undefined) return plain;
  if (cv !== COMPRESSION)
    throw new HttpError(
      400,
      `The PostHog export's ${where} is compressed as cv '${String(cv)}', which Tapedeck cannot read (it reads '${COMPRESSION}'). Export the recording again from PostHog's player, which writes events uncompressed.`,
    );
  const data = plain.data as unknown;
  if (typeof data === 'string') return { ...plain, data: gunzipJson(data, where, budget) };
  if (typeof data !== 'object' || data === null) return plain;
  const fields: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of COMPRESSED_FIELDS)
    if (typeof fields[field] === 'string')
      fields[field] = gunzipJson(fields[field] as string, `${where} (${field})`, budget);
  return { ...plain, data: fields };
}

function gunzipJson(text: string, where: string, budget: { left: number }): unknown {
  const bytes = Buffer.from(text, 'latin1');
  let json: Buffer;
  try {
    json = gunzipSync(bytes, {
      maxOutputLength: Math.max(1, Math.min(limits.maxDecompressedBytes, budget.left)),
    });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new HttpError(
        413,
        `The PostHog export's ${where} inflates past what one import may hold. Split the recording, or export it again uncompressed from PostHog's player.`,
      );
    throw new HttpError(
      400,
      `The PostHog export's ${where} is marked compressed (cv '${COMPRESSION}') but is not gzip text: ${(error as Error).message}. Export the recording again from PostHog.`,
    );
  }
  budget.left -= json.length;
  try {
    return JSON.parse(json.toString('utf8'));
  } catch {
    throw new HttpError(
      400,
      `The PostHog export's ${where} inflates to text that is not JSON. Export the recording again from PostHog.`,
    );
  }
}
