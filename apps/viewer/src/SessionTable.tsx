import type { SessionSummary } from './api.js';
import { formatPath, formatTime, formatWhen } from './format.js';
import { LiveBadge } from './LiveBadge.js';

/** Recordings as rows: when, how long, where, what happened. */
export function SessionTable({ sessions }: { sessions: SessionSummary[] }) {
  return (
    <table className="sessions">
      <thead>
        <tr>
          <th>Started</th>
          <th>Duration</th>
          <th>Active</th>
          <th>First page</th>
          <th className="num">Pages</th>
          <th className="num">Clicks</th>
          <th>Signals</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session-id={s.id}>
            <td>
              <a href={`#/sessions/${s.id}`}>{formatWhen(s.startTime)}</a> <LiveBadge session={s} />
            </td>
            <td>{formatTime(s.durationMs)}</td>
            <td>{formatTime(s.activeMs)}</td>
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
  );
}

function signalsOf(s: SessionSummary): string {
  return [
    s.rageClickCount && `${s.rageClickCount} rage`,
    s.deadClickCount && `${s.deadClickCount} dead`,
    s.consoleErrorCount && `${s.consoleErrorCount} error${s.consoleErrorCount === 1 ? '' : 's'}`,
  ]
    .filter(Boolean)
    .join(' · ');
}
