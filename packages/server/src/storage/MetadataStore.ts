import type {
  ActivityCounts,
  ApiKey,
  CustomEvent,
  Filter,
  LinkedSessions,
  Person,
  RecordingSettings,
  SessionOrder,
  SessionPage,
  SessionSummary,
} from '@tapedeck/protocol/api';
import type { HeatEvent } from '../internal/summarizeHeat.js';
import type { AlertStore } from './AlertStore.js';
import type { CollaborationStore } from './Collaboration.js';
import type { InsightsStore } from './Insights.js';
import type { HeatmapsStore } from './SqlHeatmaps.js';

export type {
  ActivityCounts,
  ApiKey,
  CustomEvent,
  Person,
  RecordingSettings,
  SessionOrder,
  SessionPage,
  SessionSummary,
};

/** What a session holds in the index, against its caps. */
export interface SessionUsage {
  chunks: number;
  bytes: number;
  urls: number;
  /** Custom-event rows. */
  events: number;
}

export interface Usage {
  days: { day: string; sessions: number; bytes: number }[];
  totalSessions: number;
  storedBytes: number;
}

/** A project: recordings are kept per project, written with its public token. */
export interface Project {
  id: number;
  name: string;
  token: string;
}

/** Identifies a chunk: a client that resends it gets the same key, so it is stored once. */
export interface ChunkKey {
  projectId: number;
  sessionId: string;
  windowId: string;
  seq: number;
}

/** One Web Vital of one page view (web-vitals' measurement id), as indexed. */
export interface VitalRow {
  pageId: string;
  name: string;
  url: string;
  value: number;
  /** Rated poor by web.dev's thresholds. */
  poor: boolean;
  timestamp: number;
}

/** One error group's occurrences in a chunk, and its first error. */
export interface ErrorRow {
  /** The fingerprint. */
  id: string;
  type: string;
  title: string;
  message: string;
  stack: string | null;
  release: string | null;
  culprit: string | null;
  firstTs: number;
  lastTs: number;
  count: number;
}

/** What ingestion learns from one chunk, folded into the session's row. */
export interface ChunkSummary extends ActivityCounts {
  blobKey: string;
  /** Where the chunk sits in `blobKey` (a segment); absent or null for a blob of its own. */
  blobOffset?: number | null;
  blobLength?: number | null;
  sizeBytes: number;
  firstTimestamp: number;
  lastTimestamp: number;
  eventCount: number;
  /** The earliest URL seen in the chunk, with its time. */
  firstUrl: { href: string; timestamp: number } | null;
  urls: string[];
  /** Time between user actions less than 5 s apart, within the chunk. */
  activeMs: number;
  firstActivityTs: number | null;
  lastActivityTs: number | null;
  customEvents: CustomEvent[];
  /** From `$web_vitals` events. */
  vitals: VitalRow[];
  /** From `$exception` events, by fingerprint. */
  errors: ErrorRow[];
  /** Page views, scrolls and clicks, for heatmaps. */
  heat: HeatEvent[];
  /** From `$identify`: the person and their properties. */
  person: { distinctId: string; properties: Record<string, unknown> } | null;
  previousSessionId: string | null;
  distinctId: string | null;
  sdkName: string;
  sdkVersion: string;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  /** From the client address, by the IP database (see Places); the address is never kept. */
  country: string | null;
}

/** Where a stored chunk is, in playback order. */
export interface ChunkRef {
  windowId: string;
  seq: number;
  blobKey: string;
  firstTimestamp: number;
  /** Where the chunk sits in a packed blob (a compacted session); null for a blob of its own. */
  blobOffset: number | null;
  blobLength: number | null;
}

/** A chunk moved into a packed blob, and where. */
export interface PackedChunk {
  windowId: string;
  seq: number;
  oldKey: string;
  /** Its range in `oldKey` when that is a segment (erased once the pack is in place). */
  oldOffset: number | null;
  oldLength: number | null;
  offset: number;
  length: number;
}

/** A range of a blob to overwrite with zeros: a deleted or moved chunk in a segment. */
export interface Erasure {
  blobKey: string;
  offset: number;
  length: number;
}

/** What became of one chunk of a group: its row added, already there, or an error. */
export type AddOutcome = { ok: true; added: boolean } | { ok: false; error: unknown };

/** What the whole installation holds and has queued, for metrics. */
export interface OperationalStats {
  sessions: number;
  storedBytes: number;
  /** Blobs queued for deletion, and segment ranges queued for erasure. */
  pendingBlobDeletions: number;
  pendingErasures: number;
  /** Sessions quiet since `idleBefore` and not packed yet. */
  sessionsToCompact: number;
}

export interface SessionQuery {
  filter?: Filter;
  /** Only sessions whose last chunk arrived in (after, upTo], server ms: for alerts. */
  updated?: { after: number; upTo: number };
  order?: SessionOrder;
  direction?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/**
 * Session metadata. SQLite by default; the interface is async so that a networked database
 * can stand behind it without changing the routes.
 */
export interface MetadataStore {
  /** Comments, tags, playlists, notebooks and cohorts. */
  readonly collaboration: CollaborationStore;
  /** Web Vitals, error groups and source maps. */
  readonly insights: InsightsStore;
  /** Clicks by element, click points and scroll depth per page. */
  readonly heatmaps: HeatmapsStore;
  /** Playlist alerts (webhooks) and their delivery log. */
  readonly alerts: AlertStore;
  ensureDefaultProject(token?: string): Promise<Project>;
  projectByToken(token: string): Promise<Project | null>;
  getRecordingSettings(projectId: number): Promise<RecordingSettings>;
  /** Stores a key's hash; `key` itself is never kept. */
  addApiKey(
    projectId: number,
    key: { name: string; role: ApiKey['role']; hash: string; prefix: string },
  ): Promise<ApiKey>;
  /** The key with this hash, marking it used. */
  findApiKey(hash: string): Promise<(ApiKey & { projectId: number; hash: string }) | null>;
  listApiKeys(projectId: number): Promise<ApiKey[]>;
  getRetentionDays(projectId: number): Promise<number>;
  /** Bytes a project may store per UTC day; null for no quota. */
  getDailyQuotaBytes(projectId: number): Promise<number | null>;
  setDailyQuotaBytes(projectId: number, bytes: number | null): Promise<void>;
  bytesReceivedSince(projectId: number, since: number): Promise<number>;
  /** Sessions and bytes per UTC day since `since`, and totals. */
  usage(projectId: number, since: number): Promise<Usage>;
  setRetentionDays(projectId: number, days: number): Promise<void>;
  /**
   * Removes sessions and everything indexed about them, in one transaction, and queues
   * their blobs for deletion (loose chunks and packs whole; chunks in shared segments as
   * ranges to erase). Returns how many sessions there were.
   */
  deleteSessions(projectId: number, sessionIds: string[]): Promise<number>;
  /** Ids of a person's sessions. */
  sessionIdsOfPerson(projectId: number, distinctId: string): Promise<string[]>;
  deletePerson(projectId: number, distinctId: string): Promise<boolean>;
  /** Ids of sessions that ended before `before`, at most `limit`. */
  expiredSessionIds(projectId: number, before: number, limit: number): Promise<string[]>;
  listProjects(): Promise<Project[]>;
  /** Blob keys queued for deletion. */
  pendingBlobDeletions(limit: number): Promise<string[]>;
  /** Blob keys of the chunks received at or after `since` (ms), for the store check. */
  blobKeysReceivedSince(since: number): Promise<string[]>;
  blobsDeleted(keys: string[]): Promise<void>;
  /** Segment ranges queued for erasure. */
  pendingErasures(limit: number): Promise<Erasure[]>;
  erasuresDone(erasures: Erasure[]): Promise<void>;
  /** Whether any chunk row points into the blob. */
  blobReferenced(key: string): Promise<boolean>;
  /** The chunks (`project/session/window/seq`) whose range in the blob ends past `size`. */
  chunksPast(blobKey: string, size: number): Promise<string[]>;
  /** Each segment rows point into: how many chunks, and where the last one ends. */
  segmentUsage(): Promise<{ blobKey: string; chunks: number; end: number }[]>;
  deleteApiKey(projectId: number, id: number): Promise<boolean>;
  setRecordingSettings(projectId: number, settings: RecordingSettings): Promise<void>;
  hasChunk(key: ChunkKey): Promise<boolean>;
  /** Sessions with no new chunk since `idleBefore` whose chunks are not all packed yet. */
  sessionsToCompact(
    projectId: number,
    idleBefore: number,
    limit: number,
  ): Promise<{ id: string; updatedAt: number }[]>;
  /**
   * Points the chunks at their place in `packKey` and queues their old blobs for deletion,
   * in one transaction; the session counts as compacted unless it changed after `updatedAt`.
   */
  packChunks(
    projectId: number,
    sessionId: string,
    packKey: string,
    chunks: PackedChunk[],
    updatedAt: number,
  ): Promise<void>;
  /** Runs `work` unless another server process is running the same job; then null. */
  exclusive<T>(name: string, work: () => Promise<T>): Promise<T | null>;
  /** Stores the chunk's row and updates its session in one transaction. False if already there. */
  addChunk(key: ChunkKey, summary: ChunkSummary): Promise<boolean>;
  /**
   * The rows of a group of chunks in one transaction, each in a savepoint so that one that
   * fails rolls back alone. A chunk in a segment that is not added (already stored, or
   * failed) has its range queued for erasure in the same transaction.
   */
  addChunks(chunks: readonly { key: ChunkKey; summary: ChunkSummary }[]): Promise<AddOutcome[]>;
  listSessions(projectId: number, query: SessionQuery): Promise<SessionPage>;
  getSession(projectId: number, sessionId: string): Promise<SessionSummary | null>;
  listChunks(projectId: number, sessionId: string): Promise<ChunkRef[]>;
  /** A page of a session's timeline markers, in time order. */
  listCustomEvents(
    projectId: number,
    sessionId: string,
    page: { offset: number; limit: number },
  ): Promise<CustomEvent[]>;
  /** What the session holds so far; null when it has nothing yet. */
  sessionUsage(projectId: number, sessionId: string): Promise<SessionUsage | null>;
  /** Whether a chunk is stored already, and what its session holds: one read per chunk. */
  admission(key: ChunkKey): Promise<{ stored: boolean; usage: SessionUsage | null }>;
  /** Every URL a session visited, and how often each custom event happened in it. */
  sessionDetails(
    projectId: number,
    sessionId: string,
  ): Promise<{ urls: string[]; eventCounts: Record<string, number> }>;
  getPerson(projectId: number, distinctId: string): Promise<Person | null>;
  /** The sessions around one (a person's previous and next, continuations); null if none. */
  linkedSessions(projectId: number, sessionId: string): Promise<LinkedSessions | null>;
  /** A cheap query; throws when the database cannot be used now (for readiness). */
  ping(): Promise<void>;
  /** Counts for metrics (aggregate queries: read them seldom, not per scrape). */
  operationalStats(idleBefore: number): Promise<OperationalStats>;
  close(): Promise<void>;
}
