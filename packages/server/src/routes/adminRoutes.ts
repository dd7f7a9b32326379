import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  DistinctIdParams,
  SessionIdParams,
  Settings,
  SettingsUpdate,
  Usage,
} from '@tapedeck/protocol/api';
import { describe, describeEmpty } from '../http/schemas.js';
import type { Deleter } from '../internal/Deleter.js';
import { HttpError } from '../internal/HttpError.js';
import type { Quota } from '../internal/Quota.js';
import type { MetadataStore, Project } from '../storage/MetadataStore.js';

const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

/**
 * Admin routes: `DELETE /api/sessions/:id`, `DELETE /api/persons/:distinctId` (right to
 * erasure: every session and the person), `GET`/`PUT /api/settings` and `GET /api/usage`.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<{
  metadata: MetadataStore;
  project: Project;
  deleter: Deleter;
  quota: Quota;
}> = async (app, { metadata, project, deleter, quota }) => {
  const admin = { role: 'admin' as const };

  app.delete(
    '/api/sessions/:id',
    {
      config: admin,
      schema: {
        ...describeEmpty('Delete a session and its chunks', 'admin'),
        params: SessionIdParams,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if ((await deleter.deleteSessions(project.id, [id])) === 0)
        throw new HttpError(404, `No session ${id} in this project.`);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/persons/:distinctId',
    {
      config: admin,
      schema: {
        ...describe(
          'Erase a person: every session and the person',
          'admin',
          Type.Object({ deletedSessions: Type.Integer() }),
        ),
        params: DistinctIdParams,
      },
    },
    async (request) => {
      const deleted = await deleter.deletePerson(project.id, request.params.distinctId);
      if (deleted === null)
        throw new HttpError(404, `No person ${request.params.distinctId} in this project.`);
      return { deletedSessions: deleted };
    },
  );

  const settings = async () => {
    const quota = await metadata.getDailyQuotaBytes(project.id);
    return {
      retentionDays: await metadata.getRetentionDays(project.id),
      dailyQuotaMb: quota === null ? null : quota / MB,
      recording: await metadata.getRecordingSettings(project.id),
    };
  };
  app.get(
    '/api/settings',
    { schema: describe('Retention, daily quota and recording settings', 'viewer', Settings) },
    settings,
  );

  app.get(
    '/api/usage',
    { schema: describe('Sessions per day, sizes, projected storage', 'viewer', Usage) },
    async () => {
      const now = Date.now();
      const usage = await metadata.usage(project.id, now - 30 * DAY_MS);
      const retentionDays = await metadata.getRetentionDays(project.id);
      const lastWeek = usage.days.filter((d) => Date.parse(d.day) >= now - 7 * DAY_MS);
      const dailyBytes = lastWeek.reduce((sum, d) => sum + d.bytes, 0) / 7;
      return {
        sessionsPerDay: usage.days,
        totalSessions: usage.totalSessions,
        storedBytes: usage.storedBytes,
        averageSessionBytes: usage.totalSessions
          ? Math.round(usage.storedBytes / usage.totalSessions)
          : 0,
        retentionDays,
        // At the last 7 days' rate, what the store holds once retention is reached.
        projectedStoredBytes: Math.round(dailyBytes * retentionDays),
      };
    },
  );

  app.put(
    '/api/settings',
    {
      config: admin,
      schema: { ...describe('Change the settings', 'admin', Settings), body: SettingsUpdate },
    },
    async (request) => {
      const { retentionDays, dailyQuotaMb, recording } = request.body;
      if (dailyQuotaMb !== undefined) {
        await metadata.setDailyQuotaBytes(
          project.id,
          dailyQuotaMb === null ? null : Math.round(dailyQuotaMb * MB),
        );
        quota.forget(project.id);
      }
      if (recording) await metadata.setRecordingSettings(project.id, recording);
      if (retentionDays !== undefined) {
        await metadata.setRetentionDays(project.id, retentionDays);
        await deleter.enforceRetention();
      }
      return settings();
    },
  );
};
