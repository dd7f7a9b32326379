/** Limits that the server enforces on `POST /s/` and that the recorder respects. */
export const limits = {
  /** Largest request body, as sent (compressed or not). */
  maxBodyBytes: 5 * 1024 * 1024,
  /** Largest body after gunzip; inflating stops past it. */
  maxDecompressedBytes: 32 * 1024 * 1024,
  /** Most events in one chunk. */
  maxEventsPerChunk: 20_000,
  /** Longest sessionId, windowId or distinctId. */
  maxIdLength: 100,
  /** Size at which the recorder cuts a chunk (uncompressed JSON). */
  targetChunkBytes: 900 * 1024,
  /** `sendBeacon` payload limit in browsers. */
  beaconBytes: 64 * 1024,
} as const;

export type Limits = typeof limits;
