import { useEffect, useState } from 'react';
import { type ErrorGroupDetail, getJson, type StackFrame } from './api.js';
import { formatTime, formatWhen } from './format.js';

const where = (f: Pick<StackFrame, 'file' | 'line' | 'column'>) =>
  `${f.file ?? '?'}${f.line !== null ? `:${f.line}` : ''}${f.column !== null ? `:${f.column}` : ''}`;

/** One error group: its stack (resolved with source maps) and its sessions at the error. */
export function ErrorPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<ErrorGroupDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<ErrorGroupDetail>(`/api/errors/${id}`).then(setDetail, (e: Error) =>
      setError(e.message),
    );
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!detail) return <p className="muted">Loading…</p>;
  const { group, sessions } = detail;
  return (
    <section className="error-group">
      <div className="toolbar">
        <a href="#/errors">← All errors</a>
      </div>
      <h1>
        {group.type}: {group.title}
      </h1>
      <dl className="meta">
        <dt>First error</dt>
        <dd>{group.message}</dd>
        <dt>Seen</dt>
        <dd>
          {group.count} times in {group.sessions} sessions, by {group.people} people, from{' '}
          {formatWhen(group.firstSeen)} to {formatWhen(group.lastSeen)}
        </dd>
        {group.release && (
          <>
            <dt>Release</dt>
            <dd>{group.release}</dd>
          </>
        )}
      </dl>
      <h2>Stack</h2>
      {group.frames.length === 0 ? (
        <p className="muted">No stack was recorded.</p>
      ) : (
        <ol className="frames">
          {group.frames.map((f, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity but their place.
            <li key={i} className={f.inApp ? 'in-app' : 'muted'}>
              <code>{f.function ?? '(anonymous)'}</code> <span>{where(f)}</span>
              {f.generated && <div className="muted">minified: {where(f.generated)}</div>}
            </li>
          ))}
        </ol>
      )}
      <h2>Sessions</h2>
      <table className="sessions">
        <thead>
          <tr>
            <th>When</th>
            <th>Person</th>
            <th className="num">Times</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.sessionId}>
              <td>
                <a
                  href={`#/sessions/${s.sessionId}?t=${Math.max(0, Math.floor(s.offsetMs / 1000))}`}
                >
                  {formatWhen(s.timestamp)}
                </a>{' '}
                <span className="muted">at {formatTime(Math.max(0, s.offsetMs))}</span>
              </td>
              <td>{s.distinctId ?? 'anonymous'}</td>
              <td className="num">{s.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
