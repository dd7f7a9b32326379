/**
 * The OpenAPI description of Tapedeck's HTTP API, served at `GET /api/docs`. Written by hand
 * next to the routes; a test checks that every registered route is in it.
 */
const json = { 'application/json': { schema: { type: 'object' } } };
const ok = (description: string) => ({ 200: { description, content: json } });
const id = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const sessionId = id('id', 'The session id.');
const numberId = id('id', 'The numeric id.');
const op = (summary: string, role: string, extra: Record<string, unknown> = {}) => ({
  summary,
  description: `Role: ${role}.`,
  responses: ok(summary),
  ...extra,
});
const body = { requestBody: { content: json } };
const query = (names: string[]) => ({
  parameters: names.map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
});

export const openapi = {
  openapi: '3.1.0',
  info: {
    title: 'Tapedeck',
    version: '1',
    description:
      'Session replay: ingestion (project token) and the query API (personal API keys: Authorization: Bearer tdk_…, role viewer, editor or admin). Errors are { "error": "what is wrong and what to do" }.',
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer' },
      projectToken: { type: 'apiKey', in: 'query', name: 'token' },
    },
  },
  security: [{ apiKey: [] }],
  paths: {
    '/s/': {
      post: op(
        'Ingest one recording chunk (gzip or plain JSON); 2xx once durable',
        'project token',
        {
          security: [{ projectToken: [] }],
          ...query(['token', 'compression']),
        },
      ),
    },
    '/api/projects/{token}/recording-config': {
      get: op("The project's recording settings for the SDK", 'project token', {
        security: [],
        parameters: [id('token', 'The project token.')],
      }),
    },
    '/api/docs': { get: op('This document', 'none', { security: [] }) },
    '/api/me': { get: op("The caller's key", 'any') },
    '/api/keys': {
      get: op('List keys (never the keys themselves)', 'admin'),
      post: op('Make a key { name, role }; the key is shown once', 'admin', body),
    },
    '/api/keys/{id}': { delete: op('Revoke a key', 'admin', { parameters: [numberId] }) },
    '/api/sessions': {
      get: op(
        'Search sessions: filter (JSON), order, direction, limit, cursor',
        'viewer',
        query(['filter', 'order', 'direction', 'limit', 'cursor']),
      ),
    },
    '/api/sessions/search': { post: op('Search sessions with a JSON body', 'viewer', body) },
    '/api/sessions/import': { post: op('Import rrweb JSON as a new session', 'editor', body) },
    '/api/sessions/{id}': {
      get: op("A session's index row", 'viewer', { parameters: [sessionId] }),
      delete: op('Delete a session and its chunks', 'admin', { parameters: [sessionId] }),
    },
    '/api/sessions/{id}/events': {
      get: op('Timeline markers (custom events)', 'viewer', { parameters: [sessionId] }),
    },
    '/api/sessions/{id}/snapshots': {
      get: op('The recording as NDJSON, one stored chunk per line, streamed', 'viewer', {
        parameters: [sessionId],
      }),
    },
    '/api/sessions/{id}/export': {
      get: op('The recording as plain rrweb JSON', 'viewer', { parameters: [sessionId] }),
    },
    '/api/sessions/{id}/tags': {
      get: op('Tags', 'viewer', { parameters: [sessionId] }),
      put: op('Replace the tags { tags }', 'editor', { parameters: [sessionId], ...body }),
    },
    '/api/sessions/{id}/comments': {
      get: op('Comments, by time', 'viewer', { parameters: [sessionId] }),
      post: op('Comment at a moment { atMs, text }', 'editor', {
        parameters: [sessionId],
        ...body,
      }),
    },
    '/api/comments/{id}': {
      patch: op('Edit a comment { text }', 'editor', { parameters: [numberId], ...body }),
      delete: op('Delete a comment', 'editor', { parameters: [numberId] }),
    },
    '/api/persons/{distinctId}': {
      get: op('A person and their sessions', 'viewer', {
        parameters: [id('distinctId', 'The person.')],
      }),
      delete: op('Erase a person: every session and the person', 'admin', {
        parameters: [id('distinctId', 'The person.')],
      }),
    },
    '/api/playlists': {
      get: op('Playlists', 'viewer'),
      post: op('Save a playlist { name, filter?, order?, pinned? }', 'editor', body),
    },
    '/api/playlists/{id}': {
      get: op('A playlist with its pinned and matching sessions', 'viewer', {
        parameters: [numberId],
      }),
      patch: op('Change a playlist', 'editor', { parameters: [numberId], ...body }),
      delete: op('Delete a playlist', 'editor', { parameters: [numberId] }),
    },
    '/api/notebooks': {
      get: op('Notebooks', 'viewer'),
      post: op('Write a notebook { title, body (markdown) }', 'editor', body),
    },
    '/api/notebooks/{id}': {
      get: op('A notebook', 'viewer', { parameters: [numberId] }),
      patch: op('Change a notebook', 'editor', { parameters: [numberId], ...body }),
      delete: op('Delete a notebook', 'editor', { parameters: [numberId] }),
    },
    '/api/cohorts': {
      get: op('Cohorts (saved person filters)', 'viewer'),
      post: op('Save a cohort { name, filter }', 'editor', body),
    },
    '/api/cohorts/{id}': { delete: op('Delete a cohort', 'editor', { parameters: [numberId] }) },
    '/api/settings': {
      get: op('Retention, daily quota and recording settings', 'viewer'),
      put: op('Change them { retentionDays, dailyQuotaMb, recording }', 'admin', body),
    },
    '/api/usage': { get: op('Sessions per day, sizes, projected storage', 'viewer') },
  },
} as const;
