import type { Alert, AlertDelivery } from '@tapedeck/protocol/api';
import type { ActiveAlert, AlertStore, PendingDelivery } from './AlertStore.js';
import { fromJson } from './sql/json.js';
import type { SqlDriver } from './sql/SqlDriver.js';

interface AlertRow {
  playlist_id: number;
  url: string;
  format: Alert['format'];
  enabled: number | boolean;
  created_by: string;
  created_at: number;
  updated_at: number;
}

interface DeliveryRow {
  id: number;
  created_at: number;
  status: AlertDelivery['status'];
  attempts: number;
  session_count: number;
  http_status: number | null;
  error: string | null;
  finished_at: number | null;
}

/** Deliveries kept per alert: the log is for a glance, not an archive. */
const KEPT_DELIVERIES = 200;

const toAlert = (r: AlertRow): Alert => ({
  playlistId: r.playlist_id,
  url: r.url,
  format: r.format,
  enabled: Boolean(r.enabled),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toDelivery = (r: DeliveryRow): AlertDelivery => ({
  id: r.id,
  createdAt: r.created_at,
  status: r.status,
  attempts: r.attempts,
  sessionCount: r.session_count,
  httpStatus: r.http_status,
  error: r.error,
  finishedAt: r.finished_at,
});

export function sqlAlerts(db: SqlDriver): AlertStore {
  const where = 'WHERE project_id = ? AND playlist_id = ?';
  return {
    async getAlert(projectId, playlistId) {
      const row = await db.one<AlertRow>(`SELECT * FROM playlist_alerts ${where}`, [
        projectId,
        playlistId,
      ]);
      return row ? toAlert(row) : null;
    },
    async saveAlert(projectId, playlistId, input, author, now) {
      const enabled = (input.enabled ?? true) ? 1 : 0;
      const row = await db.one<AlertRow>(
        `INSERT INTO playlist_alerts AS a (project_id, playlist_id, url, format, secret, enabled,
           mark, last_sent_at, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
         ON CONFLICT (project_id, playlist_id) DO UPDATE SET url = excluded.url,
           format = excluded.format, secret = excluded.secret, enabled = excluded.enabled,
           updated_at = excluded.updated_at
         RETURNING *`,
        [
          projectId,
          playlistId,
          input.url,
          input.format,
          input.secret,
          enabled,
          now,
          author,
          now,
          now,
        ],
      );
      return toAlert(row!);
    },
    async deleteAlert(projectId, playlistId) {
      return db.transaction(async (tx) => {
        await tx.run(`DELETE FROM alert_deliveries ${where}`, [projectId, playlistId]);
        return (await tx.run(`DELETE FROM playlist_alerts ${where}`, [projectId, playlistId])) > 0;
      });
    },
    async listDeliveries(projectId, playlistId, limit) {
      const rows = await db.all<DeliveryRow>(
        `SELECT id, created_at, status, attempts, session_count, http_status, error, finished_at
         FROM alert_deliveries ${where} ORDER BY id DESC LIMIT ?`,
        [projectId, playlistId, limit],
      );
      return rows.map(toDelivery);
    },
    async activeAlerts() {
      const rows = await db.all<{
        project_id: number;
        playlist_id: number;
        name: string;
        filter: string | null;
        url: string;
        format: Alert['format'];
        secret: string;
        mark: number;
        last_sent_at: number | null;
      }>(
        `SELECT a.project_id, a.playlist_id, p.name, p.filter, a.url, a.format, a.secret, a.mark,
           a.last_sent_at
         FROM playlist_alerts a JOIN playlists p ON p.project_id = a.project_id AND p.id = a.playlist_id
         WHERE a.enabled = 1 ORDER BY a.project_id, a.playlist_id`,
      );
      return rows.map(
        (r): ActiveAlert => ({
          projectId: r.project_id,
          playlistId: r.playlist_id,
          playlistName: r.name,
          filter: r.filter === null ? null : fromJson(r.filter),
          url: r.url,
          format: r.format,
          secret: r.secret,
          mark: r.mark,
          lastSentAt: r.last_sent_at,
        }),
      );
    },
    async advance(alert, to, batch, now) {
      const key = [alert.projectId, alert.playlistId];
      await db.transaction(async (tx) => {
        if (!batch) {
          await tx.run(`UPDATE playlist_alerts SET mark = ? ${where}`, [to, ...key]);
          return;
        }
        await tx.run(`UPDATE playlist_alerts SET mark = ?, last_sent_at = ? ${where}`, [
          to,
          now,
          ...key,
        ]);
        await tx.run(
          `INSERT INTO alert_deliveries (project_id, playlist_id, created_at, status, attempts,
             session_count, body, next_attempt_at)
           VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)`,
          [...key, now, batch.sessionCount, batch.body, now],
        );
        await tx.run(
          `DELETE FROM alert_deliveries ${where} AND id <= (SELECT id FROM alert_deliveries
             ${where} ORDER BY id DESC LIMIT 1 OFFSET ${KEPT_DELIVERIES})`,
          [...key, ...key],
        );
      });
    },
    async dueDeliveries(now, limit) {
      return db.all<PendingDelivery>(
        `SELECT d.id, d.project_id AS "projectId", d.playlist_id AS "playlistId", a.url, a.secret,
           d.body, d.attempts
         FROM alert_deliveries d JOIN playlist_alerts a
           ON a.project_id = d.project_id AND a.playlist_id = d.playlist_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
        [now, limit],
      );
    },
    async recordAttempt(id, o) {
      // A finished delivery keeps its log line, not the sessions it listed.
      const body = o.status === 'pending' ? 'body' : "''";
      await db.run(
        `UPDATE alert_deliveries SET status = ?, attempts = ?, http_status = ?, error = ?,
           next_attempt_at = ?, finished_at = ?, body = ${body} WHERE id = ?`,
        [o.status, o.attempts, o.httpStatus, o.error, o.nextAttemptAt, o.finishedAt, id],
      );
    },
  };
}
