export { createPlayer } from './createPlayer.js';
export { formatTime } from './internal/formatTime.js';
export { Player } from './Player.js';
export { parseNdjson, streamSession } from './streamSession.js';
export type {
  EventBatch,
  PlayerOptions,
  PlayerState,
  PlayerStatus,
  PlayerWindow,
  TimelineMarker,
} from './types.js';
