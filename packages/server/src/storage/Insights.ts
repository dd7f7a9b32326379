import type {
  ErrorGroupSummary,
  ErrorSession,
  SourceMapStored,
  VitalSample,
  VitalsUrl,
} from '@tapedeck/protocol/api';

export type { ErrorGroupSummary, ErrorSession, SourceMapStored, VitalSample, VitalsUrl };

/** A group as stored: its counts, and the first error it was made from. */
export type ErrorGroupRecord = ErrorGroupSummary & { release: string | null; stack: string | null };

/** Web Vitals, error groups and source maps, per project. Part of the metadata store. */
export interface InsightsStore {
  /** Per URL (most page views first, at most `limit`): each metric's p75 and ratings. */
  vitalsSummary(
    projectId: number,
    query: { from?: number | undefined; to?: number | undefined; limit: number },
  ): Promise<VitalsUrl[]>;
  sessionVitals(projectId: number, sessionId: string): Promise<VitalSample[]>;
  /** Groups with at least one session left, most recently seen first. */
  listErrorGroups(
    projectId: number,
    page: { limit: number; offset: number },
  ): Promise<ErrorGroupSummary[]>;
  getErrorGroup(projectId: number, id: string): Promise<ErrorGroupRecord | null>;
  /** The group's sessions, latest first, each with its first occurrence. */
  errorSessions(projectId: number, id: string, limit: number): Promise<ErrorSession[]>;
  /** Stores where a map is (replacing one for the same release and URL). */
  putSourceMap(
    projectId: number,
    map: { release: string | null; url: string; blobKey: string; sizeBytes: number },
  ): Promise<void>;
  listSourceMaps(projectId: number, limit: number): Promise<SourceMapStored[]>;
  /**
   * The maps for these files: for each, the one of `release` if there is one, else the one
   * uploaded without a release. Keys of the result are the URLs asked for.
   */
  findSourceMaps(
    projectId: number,
    urls: string[],
    release: string | null,
  ): Promise<Map<string, string>>;
}
