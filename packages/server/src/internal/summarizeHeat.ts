import {
  EventType,
  IncrementalSource,
  MouseInteraction,
  type RecordedEvent,
  TapedeckEvent,
} from '@tapedeck/protocol';
import { indexedUrl } from './indexedUrl.js';

/** Heat events kept per chunk: clicks and page-level scrolls are few, this bounds a flood. */
export const MAX_HEAT_EVENTS = 2000;
const MAX_SELECTOR = 300;
const MAX_PX = 100_000;

/**
 * What heatmaps need of a chunk, in event order: where page views start (and their viewport),
 * the page's scrolls, and clicks with their element's selector. The page a click belongs to
 * may be open since an earlier chunk, so the window's state is followed when it is written.
 */
export type HeatEvent =
  | { k: 'page'; ts: number; url: string; width: number | null; height: number | null }
  | { k: 'doc'; id: number }
  | { k: 'resize'; width: number; height: number }
  | { k: 'scroll'; id: number; y: number }
  | { k: 'click'; ts: number; selector: string | null; x: number; y: number }
  | { k: 'rage' | 'dead'; ts: number; selector: string };

const px = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(MAX_PX, Math.max(0, Math.round(v))) : null;
/** rrweb numbers nodes 1, 2, 3…; the index keeps them in 32 bits. */
const isNodeId = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
const selector = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_SELECTOR ? v : null;

/** The page of a URL as heatmaps group it: redacted, without query or fragment. */
export function heatmapPage(href: string): string {
  const url = indexedUrl(href);
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/** The heat event of one recorded event, or null. */
export function heatEventOf(event: RecordedEvent): HeatEvent | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const ts = event.timestamp;
  if (event.type === EventType.Meta && typeof data.href === 'string')
    return {
      k: 'page',
      ts,
      url: heatmapPage(data.href),
      width: px(data.width),
      height: px(data.height),
    };
  if (event.type === EventType.FullSnapshot) {
    const id = (data.node as { id?: unknown } | undefined)?.id;
    return isNodeId(id) ? { k: 'doc', id } : null;
  }
  if (event.type === EventType.IncrementalSnapshot) {
    const [x, y] = [px(data.x), px(data.y)];
    if (data.source === IncrementalSource.MouseInteraction && data.type === MouseInteraction.Click)
      return x === null || y === null
        ? null
        : { k: 'click', ts, selector: selector(data.selector), x, y };
    if (data.source === IncrementalSource.Scroll && isNodeId(data.id) && y !== null)
      return { k: 'scroll', id: data.id, y };
    const [width, height] = [px(data.width), px(data.height)];
    if (data.source === IncrementalSource.ViewportResize && width !== null && height !== null)
      return { k: 'resize', width, height };
    return null;
  }
  if (event.type !== EventType.Custom) return null;
  const payload = (data.payload ?? {}) as Record<string, unknown>;
  if (data.tag === TapedeckEvent.pageview && typeof payload.href === 'string')
    return { k: 'page', ts, url: heatmapPage(payload.href), width: null, height: null };
  const kind =
    data.tag === TapedeckEvent.rageClick
      ? 'rage'
      : data.tag === TapedeckEvent.deadClick
        ? 'dead'
        : null;
  const named = selector(payload.selector);
  return kind && named ? { k: kind, ts, selector: named } : null;
}
