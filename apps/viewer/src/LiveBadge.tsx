import type { SessionSummary } from './api.js';

/**
 * A row's recording state, from the list's own answer (no request per row): "Live" while
 * chunks are still arriving (it can be watched as it happens), else "ongoing" for a while.
 */
export function LiveBadge({ session }: { session: Pick<SessionSummary, 'live' | 'ongoing'> }) {
  if (session.live)
    return (
      <span className="badge live" title="Still being recorded: open it to watch live">
        Live
      </span>
    );
  return session.ongoing ? <span className="badge">ongoing</span> : null;
}
