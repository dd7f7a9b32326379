import { createPlayer, formatTime, type Player, type TimelineMarker } from '@tapedeck/player';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AddToNotebook } from './AddToNotebook.js';
import {
  authHeaders,
  type CustomEvent,
  getAllEvents,
  getJson,
  type SessionSummary,
} from './api.js';
import { Comments } from './Comments.js';
import { formatPath, formatWhen } from './format.js';
import { PinToPlaylist } from './PinToPlaylist.js';
import { Tags } from './Tags.js';

/** Custom events worth a marker, and how each is labelled. */
const MARKERS: Record<string, (p: Record<string, unknown>) => string> = {
  $pageview: (p) => `Page view ${formatPath(String(p.href ?? ''))}`,
  $rageclick: (p) => `Rage click on ${p.selector ?? 'an element'}`,
  $dead_click: (p) => `Dead click on ${p.selector ?? 'an element'}`,
  $exception: (p) => `Error: ${p.message ?? ''}`,
  $mouse_thrashing: () => 'Mouse thrashing',
  $u_turn: () => 'U-turn',
  $gap: (p) =>
    `Gap: ${p.chunks ?? 'some'} chunk(s) never reached the server (${p.reason ?? 'dropped'})`,
  $recording_stopped: (p) => `Recording stopped: ${p.reason ?? ''}`,
};
// The player marks Web Vitals itself, from the recording.
const HIDDEN = new Set([
  '$identify',
  '$session_starting',
  '$session_ending',
  '$route',
  '$web_vitals',
]);

function toMarker(e: CustomEvent): TimelineMarker | null {
  if (HIDDEN.has(e.name)) return null;
  const label = MARKERS[e.name];
  // A gap is reported when it is noticed; it is shown where the missing part begins.
  const from = e.name === '$gap' ? e.properties.from : undefined;
  return {
    timestamp: typeof from === 'number' ? from : e.timestamp,
    label: label ? label(e.properties) : e.name,
    kind: label ? e.name.slice(1) : 'custom',
  };
}

/** One recording: its player with markers, comments, and what we know about it. */
export function SessionPage({ id, startAt }: { id: string; startAt: number }) {
  const stage = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [events, setEvents] = useState<TimelineMarker[]>([]);
  const [commentMarkers, setCommentMarkers] = useState<TimelineMarker[]>([]);

  useEffect(() => {
    getJson<SessionSummary>(`/api/sessions/${id}`).then(setSession, (e: Error) =>
      setError(e.message),
    );
    getAllEvents(id).then(
      (all) => setEvents(all.map(toMarker).filter((m) => m !== null)),
      () => {},
    );
    const created = createPlayer(stage.current!, `/api/sessions/${id}/snapshots`, {
      requestInit: { headers: authHeaders() },
      startAt,
    });
    player.current = created;
    const unsubscribe = created.subscribe((state) => setError(state.error));
    return () => {
      unsubscribe();
      created.destroy();
      player.current = null;
    };
  }, [id, startAt]);

  useEffect(() => {
    player.current?.setMarkers([...events, ...commentMarkers]);
  }, [events, commentMarkers]);

  const seek = useCallback((ms: number) => player.current?.seek(ms), []);
  const remove = async () => {
    if (!confirm('Delete this recording for good? Its chunks, comments and tags go too.')) return;
    try {
      await getJson(`/api/sessions/${id}`, { method: 'DELETE' });
      location.hash = '#/';
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const now = useCallback(() => player.current?.getSnapshot().currentTime ?? 0, []);
  const onComments = useCallback(
    (list: { atMs: number; text: string }[]) => {
      const start = session?.startTime ?? 0;
      setCommentMarkers(
        list.map((c) => ({
          timestamp: start + c.atMs,
          label: `Comment: ${c.text}`,
          kind: 'comment',
        })),
      );
    },
    [session?.startTime],
  );

  return (
    <section className="session">
      <div className="toolbar">
        <a href="#/">← All recordings</a>
        <button type="button" className="danger" onClick={remove}>
          Delete recording
        </button>
      </div>
      {session && (
        <dl className="meta">
          <dt>Started</dt>
          <dd>{formatWhen(session.startTime)}</dd>
          <dt>Duration</dt>
          <dd>
            {formatTime(session.durationMs)} ({formatTime(session.activeMs)} active)
          </dd>
          <dt>First page</dt>
          <dd>{formatPath(session.firstUrl)}</dd>
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
        </dl>
      )}
      {error && <p className="error">{error}</p>}
      <Tags sessionId={id} />
      <div className="player" ref={stage} />
      <AddToNotebook sessionId={id} now={now} />
      <PinToPlaylist sessionId={id} />
      <Comments sessionId={id} now={now} seek={seek} onChange={onComments} />
    </section>
  );
}
