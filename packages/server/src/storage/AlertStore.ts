import type { Alert, AlertDelivery, AlertInput } from '@tapedeck/protocol/api';

export type { Alert, AlertDelivery, AlertInput };

/** An enabled alert with what the loop needs: its playlist's filter, secret and mark. */
export interface ActiveAlert {
  projectId: number;
  playlistId: number;
  playlistName: string;
  /** The playlist's saved filter (JSON, checked again before use); null for none. */
  filter: unknown;
  url: string;
  format: Alert['format'];
  secret: string;
  /** Sessions whose last chunk arrived after this (server ms) are new to the alert. */
  mark: number;
  /** When its last batch was queued: at most one batch per `minGapMs`. */
  lastSentAt: number | null;
}

/** A batch waiting to be sent (again). */
export interface PendingDelivery {
  id: number;
  projectId: number;
  playlistId: number;
  url: string;
  secret: string;
  body: string;
  attempts: number;
}

/** How one attempt went: delivered, to be retried at `nextAttemptAt`, or given up. */
export interface AttemptOutcome {
  status: AlertDelivery['status'];
  attempts: number;
  httpStatus: number | null;
  error: string | null;
  nextAttemptAt: number | null;
  finishedAt: number | null;
}

/** Playlist alerts (one per playlist) and their delivery log, in either database. */
export interface AlertStore {
  getAlert(projectId: number, playlistId: number): Promise<Alert | null>;
  /** Creates (its mark: `now`, so only sessions from then on count) or replaces the alert. */
  saveAlert(
    projectId: number,
    playlistId: number,
    input: AlertInput,
    author: string,
    now: number,
  ): Promise<Alert>;
  /** Removes the alert and its delivery log. */
  deleteAlert(projectId: number, playlistId: number): Promise<boolean>;
  /** The newest deliveries first. */
  listDeliveries(projectId: number, playlistId: number, limit: number): Promise<AlertDelivery[]>;
  activeAlerts(): Promise<ActiveAlert[]>;
  /** Moves the mark to `to`; with a body, queues it as a delivery due at `now`. */
  advance(
    alert: ActiveAlert,
    to: number,
    batch: { body: string; sessionCount: number } | null,
    now: number,
  ): Promise<void>;
  dueDeliveries(now: number, limit: number): Promise<PendingDelivery[]>;
  recordAttempt(id: number, outcome: AttemptOutcome): Promise<void>;
}
