export interface RecordingChunk {
  sessionId: string;
  windowId: string;
  seq: number;
  sentAt: number;
  sdk: { name: string; version: string };
  events: { type: number; timestamp: number; data: unknown }[];
}

export declare function recordingChunk(
  sessionId: string,
  seq: number,
  start?: number,
): RecordingChunk;
