import { randomBytes } from 'node:crypto';

/** Where a chunk's bytes are: a range of a blob. */
export interface SegmentLocation {
  key: string;
  offset: number;
  length: number;
}

/**
 * Appends chunks to segments: each call is one group, made durable at once (the folder:
 * one write and one fsync; an object store: one object, one PUT) before it resolves.
 */
export interface SegmentWriter {
  append(chunks: readonly Uint8Array[]): Promise<SegmentLocation[]>;
  /** The segment open for appends, if any: never remove it. */
  readonly current: string | null;
  /** Groups made durable (fsyncs of segment data, or PUTs): one per `append`. */
  readonly syncs: number;
  /** How long a group may wait for others to join it: 0 on disk, tens of ms for objects. */
  readonly windowMs: number;
  /** Other processes write segments to the same store (replicas sharing a bucket). */
  readonly shared: boolean;
  close(): Promise<void>;
}

/** Segments are blobs under this prefix; rows point at their chunks' ranges. */
export const SEGMENT_PREFIX = 'segments/';

export const isSegmentKey = (key: string) => key.startsWith(SEGMENT_PREFIX);

/** A new segment's key; keys sort by creation time. */
export const newSegmentKey = (now = Date.now()) =>
  `${SEGMENT_PREFIX}${now.toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}.seg`;

/**
 * Each chunk in a segment sits behind a frame of 8 bytes: `tds1` and its length (UInt32
 * BE). Rows point past the frame, at the gzip bytes; the frames let a tool walk a segment.
 */
export const FRAME_BYTES = 8;
const MAGIC = 0x74647331;

/** The chunks laid out in frames, and where each chunk starts (relative to the first byte). */
export function frame(chunks: readonly Uint8Array[]): { data: Buffer; starts: number[] } {
  const total = chunks.reduce((n, c) => n + FRAME_BYTES + c.length, 0);
  const data = Buffer.allocUnsafe(total);
  const starts: number[] = [];
  let at = 0;
  for (const chunk of chunks) {
    data.writeUInt32BE(MAGIC, at);
    data.writeUInt32BE(chunk.length, at + 4);
    starts.push(at + FRAME_BYTES);
    data.set(chunk, at + FRAME_BYTES);
    at += FRAME_BYTES + chunk.length;
  }
  return { data, starts };
}

/**
 * The chunk ranges of a segment's bytes, by its frames, and where the whole frames end: a
 * torn tail (a frame cut short, or bytes that are no frame) starts there. Erased chunks
 * are listed too (their bytes are zeros).
 */
export function segmentRecords(data: Uint8Array): {
  records: { offset: number; length: number }[];
  end: number;
} {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const records: { offset: number; length: number }[] = [];
  let at = 0;
  while (at + FRAME_BYTES <= view.length && view.readUInt32BE(at) === MAGIC) {
    const length = view.readUInt32BE(at + 4);
    if (at + FRAME_BYTES + length > view.length) break;
    records.push({ offset: at + FRAME_BYTES, length });
    at += FRAME_BYTES + length;
  }
  return { records, end: at };
}
