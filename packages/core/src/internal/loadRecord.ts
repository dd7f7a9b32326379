import type { record as rrwebRecord } from '@rrweb/record';

export type RecordFn = typeof rrwebRecord;

let loading: Promise<RecordFn> | undefined;

/**
 * The only place that imports rrweb's recorder. It is a dynamic import, so bundlers put rrweb
 * in its own chunk and a page that never records never downloads it.
 */
export function loadRecord(): Promise<RecordFn> {
  loading ??= import('@rrweb/record').then((m) => m.record);
  return loading;
}
