import { useCallback, useEffect, useState } from 'react';
import { type ErrorGroupPage, type ErrorGroupSummary, getJson } from './api.js';
import { formatWhen } from './format.js';

/** Errors grouped by fingerprint: how often, in how many sessions, to how many people. */
export function ErrorsPage() {
  const [groups, setGroups] = useState<ErrorGroupSummary[] | null>(null);
  const [next, setNext] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback((offset: number) => {
    getJson<ErrorGroupPage>(`/api/errors?offset=${offset}`).then(
      (page) => {
        setGroups((before) => [...(offset === 0 ? [] : (before ?? [])), ...page.groups]);
        setNext(page.next);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(() => load(0), [load]);
  if (error) return <p className="error">{error}</p>;
  if (!groups) return <p className="muted">Loading…</p>;
  return (
    <section>
      <h1>Errors</h1>
      {groups.length === 0 ? (
        <p className="empty">
          No errors recorded yet: uncaught errors and captureException() land here.
        </p>
      ) : (
        <table className="sessions errors">
          <thead>
            <tr>
              <th>Error</th>
              <th className="num">Count</th>
              <th className="num">Sessions</th>
              <th className="num">People</th>
              <th>First seen</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id} data-error-id={g.id}>
                <td>
                  <a href={`#/errors/${g.id}`}>
                    <strong>{g.type}</strong>: {g.title}
                  </a>
                  {g.culprit && <div className="muted culprit">{g.culprit}</div>}
                </td>
                <td className="num">{g.count}</td>
                <td className="num">{g.sessions}</td>
                <td className="num">{g.people}</td>
                <td>{formatWhen(g.firstSeen)}</td>
                <td>{formatWhen(g.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next !== null && next > 0 && (
        <button type="button" className="more" onClick={() => load(next)}>
          Load more errors
        </button>
      )}
    </section>
  );
}
