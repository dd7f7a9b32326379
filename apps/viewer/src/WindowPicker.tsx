import { formatTime, type Player, type PlayerState } from '@tapedeck/player';
import { useEffect, useState } from 'react';

type Shown = Pick<PlayerState, 'windows' | 'windowId' | 'followsActivity'>;

const shownOf = ({ windows, windowId, followsActivity }: PlayerState): Shown => ({
  windows,
  windowId,
  followsActivity,
});

/**
 * Beside the player of a recording made in several tabs: which tab is on screen, each tab
 * (when it was open) to keep on screen, and following the user's activity again.
 */
export function WindowPicker({ player }: { player: Player }) {
  const [shown, setShown] = useState(() => shownOf(player.getSnapshot()));
  useEffect(() => {
    setShown(shownOf(player.getSnapshot()));
    // The state changes every frame while playing; only these three matter here.
    return player.subscribe((state) =>
      setShown((was) =>
        was.windows === state.windows &&
        was.windowId === state.windowId &&
        was.followsActivity === state.followsActivity
          ? was
          : shownOf(state),
      ),
    );
  }, [player]);
  const { windows, windowId, followsActivity } = shown;
  if (windows.length < 2) return null;
  const index = windows.findIndex((w) => w.id === windowId);
  return (
    <aside className="windows" aria-label="Tabs of this recording">
      <h2>Tabs</h2>
      <p className="muted">
        {index < 0 ? 'No tab on screen yet' : `Tab ${index + 1} of ${windows.length} on screen`}
      </p>
      <ul>
        {windows.map((w) => (
          <li key={w.id}>
            <button
              type="button"
              aria-current={w.id === windowId ? 'true' : undefined}
              aria-pressed={!followsActivity && w.id === windowId}
              title={`Keep ${w.label} on screen`}
              onClick={() => player.showWindow(w.id)}
            >
              {w.label}
            </button>{' '}
            <span className="muted">
              {formatTime(w.startMs)}–{formatTime(w.endMs)}
            </span>
          </li>
        ))}
      </ul>
      <label>
        <input
          type="checkbox"
          checked={followsActivity}
          onChange={(e) => player.showWindow(e.target.checked ? null : windowId)}
        />{' '}
        Follow the user's activity
      </label>
    </aside>
  );
}
