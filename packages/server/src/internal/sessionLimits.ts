import type { SessionUsage } from '../storage/MetadataStore.js';
import { HttpError } from './HttpError.js';

/** The most one session may hold. Past it, its chunks are refused (429) and it should stop. */
export interface SessionLimits {
  maxChunks: number;
  /** Stored (compressed) bytes. */
  maxBytes: number;
  /** Distinct URLs indexed. */
  maxUrls: number;
  /** Custom events indexed (timeline markers). */
  maxEvents: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxChunks: 20_000,
  maxBytes: 1024 * 1024 * 1024,
  maxUrls: 5_000,
  maxEvents: 50_000,
};

/**
 * Throws a 429 (`X-Tapedeck-Limit: session`, no Retry-After: it will not pass later) when
 * this chunk would take its session past a limit.
 */
export function checkSessionLimits(
  usage: SessionUsage | null,
  chunk: { bytes: number; urls: number; events: number },
  limits: SessionLimits,
): void {
  const now = usage ?? { chunks: 0, bytes: 0, urls: 0, events: 0 };
  const over = (what: string, cap: number) => {
    throw new HttpError(
      429,
      `This session has reached its limit of ${cap} ${what}: the recorder should stop recording it and start a new session.`,
      { 'X-Tapedeck-Limit': 'session' },
    );
  };
  if (now.chunks + 1 > limits.maxChunks) over('chunks', limits.maxChunks);
  if (now.bytes + chunk.bytes > limits.maxBytes) over('stored bytes', limits.maxBytes);
  if (now.urls + chunk.urls > limits.maxUrls) over('URLs', limits.maxUrls);
  if (now.events + chunk.events > limits.maxEvents) over('custom events', limits.maxEvents);
}
