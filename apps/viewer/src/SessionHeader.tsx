import { formatTime } from '@tapedeck/player';
import { AddToNotebook } from './AddToNotebook.js';
import { getJson, type SessionSummary } from './api.js';
import { formatPath, formatWhen } from './format.js';
import { LinkedSessions } from './LinkedSessions.js';
import { PinToPlaylist } from './PinToPlaylist.js';
import type { PlaylistPlace } from './playlistOrder.js';
import { Tags } from './Tags.js';

interface Props {
  id: string;
  session: SessionSummary | null;
  now: () => number;
  place: PlaylistPlace | null;
  step: (by: 1 | -1) => void;
  onHelp: () => void;
  onError: (message: string) => void;
}

/** A recording's facts in one line, its tags, and what can be done with it. */
export function SessionHeader({ id, session, now, place, step, onHelp, onError }: Props) {
  const remove = async () => {
    if (!confirm('Delete this recording for good? Its chunks, comments and tags go too.')) return;
    try {
      await getJson(`/api/sessions/${id}`, { method: 'DELETE' });
      location.hash = '#/';
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <header className="session-head">
      <div className="session-title">
        <a href="#/" className="back">
          ← All recordings
        </a>
        <h1 title={session?.firstUrl ?? ''}>{session ? formatPath(session.firstUrl) : '…'}</h1>
        {place && place.index >= 0 && (
          <nav className="playlist-nav" aria-label="Playlist">
            <button type="button" disabled={place.index === 0} onClick={() => step(-1)}>
              ‹ Previous
            </button>
            <span className="muted">
              {place.name}: {place.index + 1} of {place.ids.length}
            </span>
            <button
              type="button"
              disabled={place.index === place.ids.length - 1}
              onClick={() => step(1)}
            >
              Next ›
            </button>
          </nav>
        )}
        <LinkedSessions id={id} />
        <button type="button" className="ghost" onClick={onHelp} aria-keyshortcuts="?">
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
      {session && (
        <dl className="facts">
          <dt>Started</dt>
          <dd>{formatWhen(session.startTime)}</dd>
          <dt>Duration</dt>
          <dd>
            {formatTime(session.durationMs)} ({formatTime(session.activeMs)} active)
          </dd>
          <dt>Person</dt>
          <dd>
            {session.distinctId ? (
              <a href={`#/persons/${encodeURIComponent(session.distinctId)}`}>
                {session.distinctId}
              </a>
            ) : (
              'anonymous'
            )}
          </dd>
          <dt>Browser</dt>
          <dd>
            {[session.browser, session.os, session.deviceType].filter(Boolean).join(' · ') || '—'}
          </dd>
          <dt>Country</dt>
          <dd>
            {session.country ? (
              <>
                {session.country}{' '}
                <a className="muted small" href="https://db-ip.com">
                  IP Geolocation by DB-IP
                </a>
              </>
            ) : (
              '—'
            )}
          </dd>
        </dl>
      )}
      <div className="session-actions">
        <Tags sessionId={id} />
        <AddToNotebook sessionId={id} now={now} />
        <PinToPlaylist sessionId={id} />
        <button type="button" className="danger" onClick={remove}>
          Delete recording
        </button>
      </div>
    </header>
  );
}
