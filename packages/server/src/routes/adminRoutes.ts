import type { FastifyInstance } from 'fastify';
import type { Deleter } from '../internal/Deleter.js';
import { HttpError } from '../internal/HttpError.js';
import type { MetadataStore, Project, RecordingSettings } from '../storage/MetadataStore.js';
import { SESSION_ID } from './common.js';

const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

function checkSettings(input: unknown): RecordingSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new HttpError(400, 'recording must be an object of recording settings.');
  const s = input as Record<string, unknown>;
  const allowed = [
    'enabled',
    'sampleRate',
    'minimumDurationMs',
    'recordConsole',
    'recordNetwork',
    'privacy',
    'urlBlocklist',
    'triggerEvents',
  ];
  for (const key of Object.keys(s))
    if (!allowed.includes(key))
      throw new HttpError(
        400,
        `recording.${key} is not a setting (settings: ${allowed.join(', ')}).`,
      );
  const bool = (k: string) => {
    if (s[k] !== undefined && typeof s[k] !== 'boolean')
      throw new HttpError(400, `recording.${k} must be true or false.`);
  };
  ['enabled', 'recordConsole', 'recordNetwork'].forEach(bool);
  if (
    s.sampleRate !== undefined &&
    !(typeof s.sampleRate === 'number' && s.sampleRate >= 0 && s.sampleRate <= 1)
  )
    throw new HttpError(400, 'recording.sampleRate must be a number from 0 to 1.');
  if (
    s.minimumDurationMs !== undefined &&
    !(Number.isInteger(s.minimumDurationMs) && (s.minimumDurationMs as number) >= 0)
  )
    throw new HttpError(400, 'recording.minimumDurationMs must be a whole number of milliseconds.');
  if (s.privacy !== undefined && s.privacy !== 'default' && s.privacy !== 'strict')
    throw new HttpError(400, "recording.privacy must be 'default' or 'strict'.");
  for (const k of ['urlBlocklist', 'triggerEvents'])
    if (
      s[k] !== undefined &&
      !(
        Array.isArray(s[k]) &&
        (s[k] as unknown[]).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 500)
      )
    )
      throw new HttpError(400, `recording.${k} must be an array of non-empty strings.`);
  return s as RecordingSettings;
}

/**
 * Admin routes: `DELETE /api/sessions/:id`, `DELETE /api/persons/:distinctId` (right to
 * erasure: every session and the person), `GET`/`PUT /api/settings`
 * (`{ retentionDays, dailyQuotaMb, recording }`) and `GET /api/usage`.
 */
export async function adminRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataStore; project: Project; deleter: Deleter },
): Promise<void> {
  const { metadata, project, deleter } = deps;
  const admin = { config: { role: 'admin' as const } };

  app.delete<{ Params: { id: string } }>('/api/sessions/:id', admin, async (request, reply) => {
    const { id } = request.params;
    if (!SESSION_ID.test(id))
      throw new HttpError(400, 'Session ids contain only letters, digits, _ and -.');
    if ((await deleter.deleteSessions(project.id, [id])) === 0)
      throw new HttpError(404, `No session ${id} in this project.`);
    return reply.code(204).send();
  });

  app.delete<{ Params: { distinctId: string } }>(
    '/api/persons/:distinctId',
    admin,
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
  app.get('/api/settings', settings);

  app.get('/api/usage', async () => {
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
  });

  app.put<{ Body: { retentionDays?: unknown; dailyQuotaMb?: unknown; recording?: unknown } }>(
    '/api/settings',
    admin,
    async (request) => {
      const body = request.body ?? {};
      const { retentionDays, dailyQuotaMb } = body;
      const days = Number(retentionDays);
      if (
        retentionDays !== undefined &&
        !(Number.isInteger(retentionDays) && days >= 1 && days <= 365)
      )
        throw new HttpError(400, 'retentionDays must be a whole number from 1 to 365.');
      if (
        dailyQuotaMb !== undefined &&
        dailyQuotaMb !== null &&
        !(typeof dailyQuotaMb === 'number' && dailyQuotaMb > 0)
      )
        throw new HttpError(
          400,
          'dailyQuotaMb must be a positive number of megabytes, or null for none.',
        );
      const recording = body.recording === undefined ? undefined : checkSettings(body.recording);
      if (dailyQuotaMb !== undefined)
        await metadata.setDailyQuotaBytes(
          project.id,
          dailyQuotaMb === null ? null : Math.round((dailyQuotaMb as number) * MB),
        );
      if (recording) await metadata.setRecordingSettings(project.id, recording);
      if (retentionDays !== undefined) {
        await metadata.setRetentionDays(project.id, days);
        await deleter.enforceRetention();
      }
      return settings();
    },
  );
}
