import type { PlayerState } from '../types.js';

/** A player's state before its first frame. */
export const LOADING: PlayerState = Object.freeze({
  status: 'loading',
  currentTime: 0,
  duration: 0,
  error: null,
  windows: [],
  windowId: null,
  followsActivity: true,
  live: false,
  reconnecting: false,
});
