import type { Heatmap, HeatmapSession, HeatmapUrls } from '@tapedeck/protocol/api';
import { useEffect, useState } from 'react';
import { getJson } from './api.js';
import { formatPath } from './format.js';
import { HeatmapStage, type Measure } from './HeatmapStage.js';

const WIDTHS = [
  ['', 'All widths'],
  ['mobile', 'Phones (< 768 px)'],
  ['tablet', 'Tablets (768–1023 px)'],
  ['desktop', 'Desktops (≥ 1024 px)'],
] as const;
const MEASURES: [Measure, string][] = [
  ['clicks', 'Clicks'],
  ['rage', 'Rage clicks'],
  ['dead', 'Dead clicks'],
];

/** Heatmaps: a page's clicks by element over a replayed snapshot of it, and who clicked. */
export function HeatmapsPage() {
  const [urls, setUrls] = useState<HeatmapUrls['urls'] | null>(null);
  const [url, setUrl] = useState('');
  const [width, setWidth] = useState('');
  const [measure, setMeasure] = useState<Measure>('clicks');
  const [map, setMap] = useState<Heatmap | null>(null);
  const [picked, setPicked] = useState<{ selector: string; sessions: HeatmapSession[] } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getJson<HeatmapUrls>('/api/heatmaps/urls').then(
      (r) => {
        setUrls(r.urls);
        // The page most visited, until another is picked: a map at once.
        const top = [...r.urls].sort((a, b) => b.pageviews - a.pageviews)[0];
        if (top) setUrl((picked) => picked || top.url);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ url, ...(width ? { width } : {}), ...extra }).toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: query is made from url and width
  useEffect(() => {
    setMap(null);
    setPicked(null);
    if (!url) return;
    getJson<Heatmap>(`/api/heatmaps?${query()}`).then(setMap, (e: Error) => setError(e.message));
  }, [url, width]);

  const pick = (selector: string) =>
    getJson<{ sessions: HeatmapSession[] }>(`/api/heatmaps/sessions?${query({ selector })}`).then(
      (r) => setPicked({ selector, sessions: r.sessions }),
      (e: Error) => setError(e.message),
    );

  if (error) return <p className="error">{error}</p>;
  if (!urls) return <p className="muted">Loading…</p>;
  return (
    <section className="heatmaps">
      <h1>Heatmaps</h1>
      <div className="heatmap-controls">
        <label>
          Page{' '}
          <select value={url} onChange={(e) => setUrl(e.target.value)}>
            <option value="">Pick a page…</option>
            {urls.map((u) => (
              <option key={u.url} value={u.url}>
                {formatPath(u.url)} ({u.pageviews})
              </option>
            ))}
          </select>
        </label>
        <label>
          Width{' '}
          <select value={width} onChange={(e) => setWidth(e.target.value)}>
            {WIDTHS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="heatmap-measure">
          {MEASURES.map(([value, label]) => (
            <label key={value}>
              <input
                type="radio"
                name="measure"
                checked={measure === value}
                onChange={() => setMeasure(value)}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
      </div>
      {urls.length === 0 && <p className="empty">No page views recorded yet.</p>}
      {map && (
        <>
          <p className="heatmap-summary">
            <strong>{map.sessions === 1 ? '1 session' : `${map.sessions} sessions`}</strong> ·{' '}
            {map.pageviews} page views · {map.elements.length} elements clicked
          </p>
          <div className="heatmap-body">
            <HeatmapStage map={map} measure={measure} onPick={pick} />
            {picked && (
              <aside className="heatmap-sessions">
                <h2>
                  Sessions that clicked <code>{picked.selector}</code>
                </h2>
                <ul>
                  {picked.sessions.map((s) => (
                    <li key={s.sessionId}>
                      <a
                        href={`#/sessions/${s.sessionId}?t=${Math.max(0, Math.floor(s.offsetMs / 1000))}`}
                      >
                        {s.distinctId ?? s.sessionId.slice(-8)}
                      </a>{' '}
                      <span className="muted">
                        {s.clicks} clicks, {new Date(s.timestamp).toLocaleString()}
                      </span>
                    </li>
                  ))}
                </ul>
              </aside>
            )}
          </div>
        </>
      )}
    </section>
  );
}
