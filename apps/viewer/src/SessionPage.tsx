import { createPlayer } from '@tapedeck/player';
import { useEffect, useRef, useState } from 'react';
import { authHeaders, getJson, type SessionSummary } from './api.js';
import { formatPath, formatTime, formatWhen } from './format.js';

/** One recording: its player and what we know about it. */
export function SessionPage({ id }: { id: string }) {
  const stage = useRef<HTMLDivElement>(null);
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    getJson<SessionSummary>(`/api/sessions/${id}`).then(setSession, (e: Error) =>
      setError(e.message),
    );
    const player = createPlayer(stage.current!, `/api/sessions/${id}/snapshots`, {
      requestInit: { headers: authHeaders() },
    });
    const unsubscribe = player.subscribe((state) => setError(state.error));
    return () => {
      unsubscribe();
      player.destroy();
    };
  }, [id]);

  return (
    <section className="session">
      <div className="toolbar">
        <a href="#/">← All recordings</a>
      </div>
      {session && (
        <dl className="meta">
          <dt>Started</dt>
          <dd>{formatWhen(session.startTime)}</dd>
          <dt>Duration</dt>
          <dd>{formatTime(session.durationMs)}</dd>
          <dt>First page</dt>
          <dd>{formatPath(session.firstUrl)}</dd>
          <dt>Person</dt>
          <dd>{session.distinctId ?? 'anonymous'}</dd>
        </dl>
      )}
      {error && <p className="error">{error}</p>}
      <div className="player" ref={stage} />
    </section>
  );
}
