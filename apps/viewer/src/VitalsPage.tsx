import { useEffect, useState } from 'react';
import { getJson, type VitalsSummary } from './api.js';
import { formatPath } from './format.js';

const METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
const show = (name: string, value: number) =>
  name === 'CLS'
    ? value.toFixed(3)
    : value < 1000
      ? `${Math.round(value)} ms`
      : `${(value / 1000).toFixed(2)} s`;

/** Web Vitals per URL: the p75 of its page views, coloured by how it rates. */
export function VitalsPage() {
  const [summary, setSummary] = useState<VitalsSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<VitalsSummary>('/api/vitals').then(setSummary, (e: Error) => setError(e.message));
  }, []);
  if (error) return <p className="error">{error}</p>;
  if (!summary) return <p className="muted">Loading…</p>;
  return (
    <section>
      <h1>Web Vitals</h1>
      <p className="muted">
        p75 of page views per URL (web.dev thresholds); find the sessions behind them with the “Poor
        Web Vitals” filter.
      </p>
      {summary.urls.length === 0 ? (
        <p className="empty">No Web Vitals recorded yet.</p>
      ) : (
        <table className="sessions vitals">
          <thead>
            <tr>
              <th>URL</th>
              <th className="num">Page views</th>
              {METRICS.map((m) => (
                <th key={m} className="num">
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.urls.map((u) => (
              <tr key={u.url}>
                <td className="url" title={u.url}>
                  {formatPath(u.url)}
                </td>
                <td className="num">{u.pageviews}</td>
                {METRICS.map((m) => {
                  const stat = u.metrics[m];
                  return (
                    <td
                      key={m}
                      className={`num ${stat ? `vital-${stat.rating}` : 'muted'}`}
                      title={
                        stat
                          ? `${stat.samples} page views: ${stat.good} good, ${stat.needsImprovement} need improvement, ${stat.poor} poor`
                          : ''
                      }
                    >
                      {stat ? show(m, stat.p75) : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
