import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../internal/HttpError.js';
import type { Logger } from '../internal/Logger.js';
import { describeValidation } from './validation.js';

/** Error codes of a full disk, from the file system and from SQLite. */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL', '53100']);
/** PostgreSQL's codes for text it cannot store (NUL characters). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/**
 * What the log says of a request's path: the route's pattern (`/api/persons/:distinctId`),
 * since ids can be people's emails and query strings carry tokens; the bare path, cut
 * short, for a request that matched no route.
 */
export function logPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? (request.url.split('?')[0] ?? '').slice(0, 100);
}

/** Every error as `{ error }`: what went wrong and what to do; details of a 5xx go to the log. */
export function errorHandler(log: Logger) {
  return (error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError)
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.message });
    if ('validation' in error && error.validation)
      return reply.code(400).send({
        error: `${describeValidation(error.validation, error.validationContext ?? 'request')} (The API is described at GET /api/docs.)`,
      });
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return reply.code(413).send({
        error: `The body is larger than the limit of ${request.routeOptions.bodyLimit} bytes: send smaller chunks.`,
      });
    if (error.statusCode && error.statusCode < 500)
      return reply.code(error.statusCode).send({ error: error.message });
    if (UNSTORABLE_TEXT.has(String(error.code)))
      return reply.code(400).send({
        error: 'The request has text the database cannot store (a NUL character): remove it.',
      });
    if (DISK_FULL.has(String(error.code))) {
      log.error('disk full', {
        method: request.method,
        path: logPath(request),
        error: error.message,
      });
      return reply.code(507).header('Retry-After', '60').send({
        error:
          "The server's disk is full, so nothing was stored: retry later. (Operators: free space; Tapedeck recovers by itself.)",
      });
    }
    log.error('error', {
      method: request.method,
      path: logPath(request),
      error: error.stack ?? error.message,
    });
    return reply.code(500).send({ error: 'Internal error; the server log has the details.' });
  };
}
