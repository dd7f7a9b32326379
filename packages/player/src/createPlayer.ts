import { followSession } from './followSession.js';
import { Player } from './Player.js';
import { streamSession } from './streamSession.js';
import type { PlayerOptions } from './types.js';

/**
 * Puts a player in `container` and streams the recording at `snapshotsUrl` into it
 * (`/api/sessions/:id/snapshots` of a Tapedeck server). With `?follow=true`, a live recording
 * is followed across dropped connections (`followSession`). Call `destroy()` to remove it.
 */
export function createPlayer(
  container: HTMLElement,
  snapshotsUrl: string,
  options: PlayerOptions = {},
): Player {
  const speed = options.speed ?? 1;
  if (!(speed >= 0.5 && speed <= 16)) throw new RangeError('speed must be from 0.5 to 16.');
  const player = new Player(container, options);
  const init = options.requestInit;
  void player.load(
    /[?&]follow=true(&|$)/.test(snapshotsUrl)
      ? (link) => followSession(snapshotsUrl, init, link)
      : streamSession(snapshotsUrl, init),
  );
  return player;
}
