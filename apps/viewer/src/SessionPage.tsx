import { createPlayer, type Player, type TimelineMarker } from '@tapedeck/player';
import { useCallback, useEffect, useRef, useState } from 'react';
import { authHeaders, getAllEvents, getJson, type SessionSummary } from './api.js';
import { Comments } from './Comments.js';
import { EventList } from './EventList.js';
import { Inspector } from './Inspector.js';
import { LiveControl } from './LiveControl.js';
import { usePlaylistPlace } from './playlistOrder.js';
import { SessionHeader } from './SessionHeader.js';
import { ShortcutHelp } from './ShortcutHelp.js';
import { type SessionEvent, toSessionEvent } from './sessionEvents.js';
import { runShortcut } from './shortcuts.js';
import { usePlayerTime } from './usePlayerTime.js';
import { WindowPicker } from './WindowPicker.js';
import { markWatched } from './watched.js';

interface Props {
  id: string;
  startAt: number;
  /** The playlist it was opened from: j and k step through its recordings. */
  playlistId?: string | undefined;
  /** Opened from a live row: follows the newest moment. */
  follow?: boolean;
}

/**
 * One recording, fitted to the window: what we know about it on top, the player on the left
 * (scaled to the space it has), the inspector (events, console, network) and comments beside.
 */
export function SessionPage({ id, startAt, playlistId, follow = false }: Props) {
  const stage = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  // For what renders from the player's state (the tab picker, the inspector).
  const [shown, setShown] = useState<Player | null>(null);
  const [session, setSession] = useState<SessionSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [events, setEvents] = useState<SessionEvent[]>([]);
  const [commentMarkers, setCommentMarkers] = useState<TimelineMarker[]>([]);
  const [help, setHelp] = useState(false);
  const place = usePlaylistPlace(playlistId, id);
  const time = usePlayerTime(shown);

  useEffect(() => {
    getJson<SessionSummary>(`/api/sessions/${id}`).then(setSession, (e: Error) =>
      setError(e.message),
    );
    getAllEvents(id).then(
      (all) => setEvents(all.map(toSessionEvent).filter((m) => m !== null)),
      () => {},
    );
    // follow: a live session's new chunks keep coming; any other's stream ends as before.
    const created = createPlayer(stage.current!, `/api/sessions/${id}/snapshots?follow=true`, {
      requestInit: { headers: authHeaders() },
      startAt,
      windowPicker: false,
    });
    player.current = created;
    setShown(created);
    markWatched(id);
    const unsubscribe = created.subscribe((state) => setError(state.error));
    return () => {
      unsubscribe();
      created.destroy();
      player.current = null;
      setShown(null);
    };
  }, [id, startAt]);

  useEffect(() => {
    player.current?.setMarkers([...events, ...commentMarkers]);
  }, [events, commentMarkers]);

  const start = session?.startTime ?? 0;
  const seek = useCallback((ms: number) => player.current?.seek(ms), []);
  const now = useCallback(() => player.current?.getSnapshot().currentTime ?? 0, []);
  const onComments = useCallback(
    (list: { atMs: number; text: string }[]) =>
      setCommentMarkers(
        list.map((c) => ({
          timestamp: start + c.atMs,
          label: `Comment: ${c.text}`,
          kind: 'comment',
        })),
      ),
    [start],
  );
  const step = (by: 1 | -1) => {
    const next = place?.ids[place.index + by];
    if (next) location.hash = `#/sessions/${next}?playlist=${playlistId}`;
  };

  // Keys work anywhere on the page but in fields; see shortcuts.ts.
  const keys = useRef({ events, commentMarkers, start, step, place });
  keys.current = { events, commentMarkers, start, step, place };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) =>
      runShortcut(event, {
        player: player.current,
        moments: () =>
          [...keys.current.events, ...keys.current.commentMarkers].map(
            (m) => m.timestamp - keys.current.start,
          ),
        recording: keys.current.place ? keys.current.step : null,
        help: () => setHelp((open) => !open),
      });
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="session">
      <SessionHeader
        id={id}
        session={session}
        now={now}
        place={place}
        step={step}
        onHelp={() => setHelp(true)}
        onError={setError}
      />
      {error && <p className="error">{error}</p>}
      <div className="session-body">
        <div className="player" ref={stage} />
        <aside className="side">
          <LiveControl player={shown} session={session} follow={follow && !startAt} />
          {shown && <WindowPicker player={shown} />}
          <Inspector
            player={shown}
            events={<EventList events={events} start={start} now={time} seek={seek} />}
          />
          <Comments sessionId={id} now={now} seek={seek} onChange={onComments} />
        </aside>
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </section>
  );
}
