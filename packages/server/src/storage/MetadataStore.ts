/** A project: recordings are kept per project, written with its public token. */
export interface Project {
  id: number;
  name: string;
  token: string;
}

/**
 * A project's recording settings, served to the SDK; options set in code win. The same
 * fields as @tapedeck/core's remote settings.
 */
export interface RecordingSettings {
  enabled?: boolean;
  sampleRate?: number;
  minimumDurationMs?: number;
  recordConsole?: boolean;
  recordNetwork?: boolean;
  privacy?: 'default' | 'strict';
  urlBlocklist?: string[];
  triggerEvents?: string[];
}

/** Identifies a chunk: a client that resends it gets the same key, so it is stored once. */
export interface ChunkKey {
  projectId: number;
  sessionId: string;
  windowId: string;
  seq: number;
}

/** What ingestion learns from one chunk, folded into the session's row. */
export interface ChunkSummary {
  blobKey: string;
  sizeBytes: number;
  firstTimestamp: number;
  lastTimestamp: number;
  eventCount: number;
  /** The earliest URL seen in the chunk, with its time. */
  firstUrl: { href: string; timestamp: number } | null;
  pageviewCount: number;
  clickCount: number;
  keypressCount: number;
  distinctId: string | null;
  sdkName: string;
  sdkVersion: string;
  userAgent: string | null;
}

/** One row of the session index. */
export interface SessionSummary {
  id: string;
  distinctId: string | null;
  startTime: number;
  endTime: number;
  durationMs: number;
  firstUrl: string | null;
  eventCount: number;
  pageviewCount: number;
  clickCount: number;
  keypressCount: number;
  chunkCount: number;
  sizeBytes: number;
  sdk: { name: string; version: string };
  userAgent: string | null;
}

/** Where a stored chunk is, in playback order. */
export interface ChunkRef {
  windowId: string;
  seq: number;
  blobKey: string;
  firstTimestamp: number;
}

export interface SessionPage {
  sessions: SessionSummary[];
  /** Pass as `cursor` to get the next page; null on the last one. */
  next: string | null;
}

/**
 * Session metadata. SQLite by default; the interface is async so that a networked database
 * can stand behind it without changing the routes.
 */
export interface MetadataStore {
  ensureDefaultProject(token?: string): Promise<Project>;
  projectByToken(token: string): Promise<Project | null>;
  getRecordingSettings(projectId: number): Promise<RecordingSettings>;
  setRecordingSettings(projectId: number, settings: RecordingSettings): Promise<void>;
  hasChunk(key: ChunkKey): Promise<boolean>;
  /** Stores the chunk's row and updates its session in one transaction. False if already there. */
  addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean>;
  listSessions(
    projectId: number,
    options: { limit: number; cursor?: string },
  ): Promise<SessionPage>;
  getSession(projectId: number, sessionId: string): Promise<SessionSummary | null>;
  listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]>;
  close(): Promise<void>;
}
