import type { SessionSummary } from './api.js';

/**
 * A row's recording state, from the list's own answer (no request per row): "Live" while
 * chunks are still arriving — a link that watches it as it happens (the row's own link
 * replays it from the start) — else "ongoing" for a while.
 */
export function LiveBadge({
  session,
}: {
  session: Pick<SessionSummary, 'id' | 'live' | 'ongoing'>;
}) {
  if (session.live)
    return (
      <a
        className="badge live"
        href={`#/sessions/${session.id}?live`}
        title="Still being recorded: watch it live"
      >
        Live
      </a>
    );
  return session.ongoing ? <span className="badge">ongoing</span> : null;
}
