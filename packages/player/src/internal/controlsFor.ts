import type { PlayerOptions, PlayerState } from '../types.js';
import { Controls } from './Controls.js';
import type { WindowSet } from './WindowSet.js';

interface Controlled {
  toggle(): void;
  seek(ms: number): void;
  showWindow(windowId: string | null): void;
  getSnapshot(): PlayerState;
}

/** The player's controls, acting on `player` and its windows. */
export function controlsFor(
  player: Controlled,
  windows: WindowSet,
  options: PlayerOptions,
): Controls {
  return new Controls(
    {
      toggle: () => player.toggle(),
      seek: (ms) => player.seek(ms),
      speed: (speed) => {
        windows.setConfig({ speed });
        windows.sync(player.getSnapshot().currentTime, speed);
      },
      skipInactive: (skipInactive) => windows.setConfig({ skipInactive }),
      window: (windowId) => player.showWindow(windowId),
    },
    options,
  );
}
