import type { HeatEvent } from '../../internal/summarizeHeat.js';
import type { ChunkKey } from '../MetadataStore.js';
import type { Sql } from './SqlDriver.js';

/** A page view of a window, as `page_views` keeps it. */
interface PageView {
  startedAt: number;
  url: string;
  width: number | null;
  height: number | null;
  docId: number | null;
  scrollY: number;
  maxBottom: number;
}

/** The viewport width group of heatmaps (see `WIDTH_BUCKETS`). */
export const widthBucket = (width: number | null) =>
  width === null ? 'desktop' : width < 768 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop';

/**
 * Follows a chunk's heat events from where its window was (its latest page view): a page
 * view starts at a new URL; the document's scrolls move its fold; each click is stored with
 * the page, width group and the page's scroll. Chunks of a window come in order but for
 * retries, so a late chunk may credit a click to the page view after it.
 */
export async function writeHeat(tx: Sql, key: ChunkKey, heat: HeatEvent[]): Promise<void> {
  if (heat.length === 0) return;
  const { projectId, sessionId, windowId } = key;
  const window = [projectId, sessionId, windowId];
  let page = await tx.one<PageView>(
    `SELECT started_at AS "startedAt", url, width, height, doc_id AS "docId",
       scroll_y AS "scrollY", max_bottom AS "maxBottom"
     FROM page_views WHERE project_id = ? AND session_id = ? AND window_id = ?
     ORDER BY started_at DESC LIMIT 1`,
    window,
  );
  if (page) page = { ...page, startedAt: Number(page.startedAt) };
  const touched = new Set<PageView>();
  for (const e of heat) {
    if (e.k === 'page') {
      if (page?.url === e.url) {
        page.width = e.width ?? page.width;
        page.height = e.height ?? page.height;
      } else {
        const width = e.width ?? page?.width ?? null;
        const height = e.height ?? page?.height ?? null;
        page = {
          startedAt: e.ts,
          url: e.url,
          width,
          height,
          docId: page?.docId ?? null,
          scrollY: 0,
          maxBottom: height ?? 0,
        };
      }
      page.maxBottom = Math.max(page.maxBottom, page.scrollY + (page.height ?? 0));
      touched.add(page);
      continue;
    }
    if (!page) continue; // before any page view of this window: nowhere to put it
    touched.add(page);
    if (e.k === 'doc') page.docId = e.id;
    else if (e.k === 'resize') [page.width, page.height] = [e.width, e.height];
    else if (e.k === 'scroll') {
      if (e.id !== page.docId) continue; // an element scrolled, not the page
      page.scrollY = e.y;
      page.maxBottom = Math.max(page.maxBottom, e.y + (page.height ?? 0));
    } else
      await tx.run(
        `INSERT INTO page_clicks (project_id, session_id, url, width_bucket, selector, kind, x, y,
           timestamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [projectId, sessionId, page.url, widthBucket(page.width), e.selector, e.k]
          .concat(e.k === 'click' ? [e.x, e.y + page.scrollY] : [null, null])
          .concat([e.ts]),
      );
  }
  for (const p of touched)
    await tx.run(
      `INSERT INTO page_views (project_id, session_id, window_id, started_at, url, width, height,
         doc_id, scroll_y, max_bottom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, session_id, window_id, started_at) DO UPDATE SET
         width = excluded.width, height = excluded.height, doc_id = excluded.doc_id,
         scroll_y = excluded.scroll_y, max_bottom = excluded.max_bottom`,
      [...window, p.startedAt, p.url, p.width, p.height, p.docId, p.scrollY, p.maxBottom],
    );
}
