import { ActivityStrip } from './ActivityStrip.js';
import type { SessionSummary } from './api.js';
import { formatPath, formatTime, formatWhen } from './format.js';
import { LiveBadge } from './LiveBadge.js';
import { useWatched } from './watched.js';

interface Props {
  sessions: SessionSummary[];
  /** The playlist these rows belong to: a recording opened from here steps through it (j/k). */
  playlistId?: string;
}

/** Recordings as rows: when, how long, where, what happened; those watched here are marked. */
export function SessionTable({ sessions, playlistId }: Props) {
  const watched = useWatched();
  const suffix = playlistId ? `?playlist=${playlistId}` : '';
  return (
    <table className="sessions">
      <thead>
        <tr>
          <th>Started</th>
          <th>Duration</th>
          <th>First page</th>
          <th>Country</th>
          <th className="num">Pages</th>
          <th className="num">Clicks</th>
          <th>Activity</th>
          <th>Signals</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => {
          const seen = watched.has(s.id);
          return (
            <tr key={s.id} data-session-id={s.id} className={seen ? 'watched' : 'unwatched'}>
              <td>
                <span
                  className={`seen-dot${seen ? ' seen' : ''}`}
                  title={seen ? 'Watched' : 'Not watched yet'}
                />
                <a href={`#/sessions/${s.id}${suffix}`}>{formatWhen(s.startTime)}</a>{' '}
                {seen && <span className="badge badge-muted">Watched</span>}
                <LiveBadge session={s} />
              </td>
              <td>
                {formatTime(s.durationMs)}{' '}
                <span className="muted small">{formatTime(s.activeMs)} active</span>
              </td>
              <td className="url" title={s.firstUrl ?? ''}>
                {formatPath(s.firstUrl)}
              </td>
              <td className="country">{s.country ?? '—'}</td>
              <td className="num">{s.pageviewCount}</td>
              <td className="num">{s.clickCount}</td>
              <td>
                <ActivityStrip session={s} />
              </td>
              <td className="signal">{signalsOf(s)}</td>
            </tr>
          );
        })}
      </tbody>
      {sessions.some((s) => s.country) && (
        <tfoot>
          <tr>
            <td colSpan={7} className="muted small">
              {/* DB-IP's licence (CC BY 4.0) asks for this link where its results show. */}
              Countries: <a href="https://db-ip.com">IP Geolocation by DB-IP</a>
            </td>
          </tr>
        </tfoot>
      )}
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
