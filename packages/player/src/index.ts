export { createPlayer } from './createPlayer.js';
export { followSession } from './followSession.js';
export { formatTime } from './internal/formatTime.js';
export { Player } from './Player.js';
export { parseNdjson, streamSession } from './streamSession.js';
export type {
  EventBatch,
  PlayerOptions,
  PlayerSource,
  PlayerState,
  PlayerStatus,
  PlayerWindow,
  SourceLink,
  TimelineMarker,
} from './types.js';
