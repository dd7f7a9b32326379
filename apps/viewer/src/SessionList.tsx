import { useCallback, useEffect, useState } from 'react';
import { getJson, type SessionSummary } from './api.js';
import { FilterBar } from './FilterBar.js';
import { emptyForm, type FilterForm, toQuery } from './filters.js';
import { formatPath, formatTime, formatWhen } from './format.js';

type Load =
  | { state: 'loading' }
  | { state: 'error'; message: string }
  | { state: 'done'; sessions: SessionSummary[] };

/** Recordings, newest first; refreshes every 10 s so new ones show up. */
export function SessionList() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<FilterForm>(emptyForm);
  const query = toQuery(form);
  const refresh = useCallback(() => {
    getJson<{ sessions: SessionSummary[] }>(`/api/sessions?${query}`).then(
      (page) => setLoad({ state: 'done', sessions: page.sessions }),
      (error: Error) => setLoad({ state: 'error', message: error.message }),
    );
  }, [query]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 10_000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section>
      <div className="toolbar">
        <h1>Recordings</h1>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <FilterBar form={form} onChange={setForm} />
      {load.state === 'loading' && <p className="muted">Loading recordings…</p>}
      {load.state === 'error' && (
        <p className="error">Could not load recordings: {load.message} Is the server running?</p>
      )}
      {load.state === 'done' && load.sessions.length === 0 && query.includes('filter') && (
        <div className="empty">
          <p>No recordings match these filters. Loosen them to see more.</p>
        </div>
      )}
      {load.state === 'done' && load.sessions.length === 0 && !query.includes('filter') && (
        <div className="empty">
          <p>No recordings yet.</p>
          <p>
            Open the <a href="/demo/">demo page</a>, click around, then come back: a recording shows
            up here within a few seconds. To record your own site, add <code>@tapedeck/core</code>{' '}
            with this server's URL and project token.
          </p>
        </div>
      )}
      {load.state === 'done' && load.sessions.length > 0 && (
        <table className="sessions">
          <thead>
            <tr>
              <th>Started</th>
              <th>Duration</th>
              <th>First page</th>
              <th className="num">Pages</th>
              <th className="num">Clicks</th>
              <th>Signals</th>
            </tr>
          </thead>
          <tbody>
            {load.sessions.map((s) => (
              <tr key={s.id} data-session-id={s.id}>
                <td>
                  <a href={`#/sessions/${s.id}`}>{formatWhen(s.startTime)}</a>{' '}
                  {s.ongoing && <span className="badge">ongoing</span>}
                </td>
                <td>{formatTime(s.durationMs)}</td>
                <td className="url" title={s.firstUrl ?? ''}>
                  {formatPath(s.firstUrl)}
                </td>
                <td className="num">{s.pageviewCount}</td>
                <td className="num">{s.clickCount}</td>
                <td className="signal">{signalsOf(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function signalsOf(s: SessionSummary): string {
  return [
    s.rageClickCount && `${s.rageClickCount} rage`,
    s.deadClickCount && `${s.deadClickCount} dead`,
    s.consoleErrorCount && `${s.consoleErrorCount} errors`,
  ]
    .filter(Boolean)
    .join(' · ');
}
