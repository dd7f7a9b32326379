import { createPlayer } from '@tapedeck/player';
import type { Heatmap } from '@tapedeck/protocol/api';
import { useEffect, useRef, useState } from 'react';
import { authHeaders } from './api.js';

export type Measure = 'clicks' | 'rage' | 'dead';

interface Box {
  key: string;
  selector: string;
  left: number;
  top: number;
  width: number;
  height: number;
  heat: number;
  rank: number;
  element: Heatmap['elements'][number];
}

/** Re-measured this often: the replay's fonts and styles settle after its first frame. */
const MEASURE_MS = 500;
const MAX_MATCHES = 20;

/**
 * A page's heatmap over a replayed snapshot of it: the player (controls hidden, paused) shows
 * a recent page view, and each element the heatmap names is found in the replay by its
 * selector and shaded by its share of the hottest one's count.
 */
export function HeatmapStage({
  map,
  measure,
  onPick,
}: {
  map: Heatmap;
  measure: Measure;
  onPick: (selector: string) => void;
}) {
  const stage = useRef<HTMLDivElement>(null);
  const [boxes, setBoxes] = useState<Box[]>([]);
  const [docHeight, setDocHeight] = useState(0);
  const snapshot = map.snapshot;

  useEffect(() => {
    if (!snapshot || !stage.current) return;
    const player = createPlayer(stage.current, `/api/sessions/${snapshot.sessionId}/snapshots`, {
      requestInit: { headers: authHeaders() },
      startAt: snapshot.offsetMs + 200,
      windowPicker: false,
      skipInactive: false,
    });
    return () => player.destroy();
  }, [snapshot]);

  useEffect(() => {
    const measureBoxes = () => {
      const root = stage.current;
      const iframe = root?.querySelector('iframe');
      const doc = iframe?.contentDocument;
      if (!root || !iframe || !doc?.body || iframe.offsetWidth === 0) return;
      const frame = iframe.getBoundingClientRect();
      const origin = root.getBoundingClientRect();
      const scale = frame.width / iframe.offsetWidth;
      const ranked = map.elements
        .filter((e) => e[measure] > 0)
        .sort((a, b) => b[measure] - a[measure] || a.selector.localeCompare(b.selector));
      const top = ranked[0]?.[measure] ?? 1;
      const found: Box[] = [];
      ranked.forEach((element, i) => {
        let nodes: Element[] = [];
        try {
          nodes = [...doc.querySelectorAll(element.selector)].slice(0, MAX_MATCHES);
        } catch {
          return; // not a selector this browser reads
        }
        nodes.forEach((node, n) => {
          const r = node.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) return;
          found.push({
            key: `${element.selector}|${n}`,
            selector: element.selector,
            left: frame.left - origin.left + r.left * scale,
            top: frame.top - origin.top + r.top * scale,
            width: r.width * scale,
            height: r.height * scale,
            heat: element[measure] / top,
            rank: i + 1,
            element,
          });
        });
      });
      setBoxes((before) => (JSON.stringify(before) === JSON.stringify(found) ? before : found));
      setDocHeight(doc.documentElement.scrollHeight);
    };
    measureBoxes();
    const timer = setInterval(measureBoxes, MEASURE_MS);
    return () => clearInterval(timer);
  }, [map, measure]);

  if (!snapshot) return <p className="empty">No page view of this page to replay.</p>;
  const views = map.scroll.reduce((n, s) => n + s.pageviews, 0);
  const bands = docHeight
    ? Array.from({ length: 10 }, (_, i) => {
        const y = (docHeight * i) / 10;
        const reached = map.scroll
          .filter((s) => s.y + 100 > y)
          .reduce((n, s) => n + s.pageviews, 0);
        return { y, pct: views ? Math.round((100 * reached) / views) : 0 };
      })
    : [];
  return (
    <div className="heatmap-layout">
      <div className="heatmap-stage" ref={stage}>
        <div className="heatmap-overlay">
          {boxes.map((b) => (
            <button
              type="button"
              key={b.key}
              className="heatmap-box"
              data-selector={b.selector}
              data-rank={b.rank}
              data-clicks={b.element.clicks}
              data-rage={b.element.rage}
              data-dead={b.element.dead}
              data-sessions={b.element.sessions}
              title={`${b.selector}: ${b.element.clicks} clicks, ${b.element.rage} rage, ${b.element.dead} dead, ${b.element.sessions} sessions`}
              style={
                {
                  left: b.left,
                  top: b.top,
                  width: b.width,
                  height: b.height,
                  '--heat': b.heat.toFixed(3),
                } as React.CSSProperties
              }
              onClick={() => onPick(b.selector)}
            >
              <span>{b.element[measure]}</span>
            </button>
          ))}
        </div>
      </div>
      <ol className="heatmap-scroll" aria-label="Scroll depth">
        {bands.map((band) => (
          <li
            key={band.y}
            data-reached={band.pct}
            style={{ '--reached': band.pct / 100 } as React.CSSProperties}
            title={`${band.pct}% of page views reached ${Math.round(band.y)} px`}
          >
            {band.pct}%
          </li>
        ))}
      </ol>
    </div>
  );
}
