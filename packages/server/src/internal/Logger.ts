import { writeSync } from 'node:fs';

/**
 * Writes lines to stdout a loop turn's worth at a time: one write for every request
 * answered in that turn rather than one each (a pipe write is a system call). Lines still
 * waiting when the process exits are written then.
 */
export function stdoutLines(): (line: string) => void {
  stdout ??= toStdout();
  return stdout;
}
let stdout: ((line: string) => void) | undefined;

function toStdout(): (line: string) => void {
  let waiting = '';
  const flush = () => {
    const out = waiting;
    waiting = '';
    if (out) process.stdout.write(out);
  };
  process.once('exit', () => {
    if (waiting) writeSync(1, waiting);
  });
  return (line) => {
    if (!waiting) setImmediate(flush);
    waiting += `${line}\n`;
  };
}

/** `text`: one readable line per request (the default); `json`: one JSON object per line. */
export type LogFormat = 'text' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['text', 'json'];

type Level = 'info' | 'warn' | 'error';

/** One answered request. `path` is already safe to log (see `logPath`). */
export interface RequestEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** Lines for the operator: one per request, and one per error or notable event. */
export interface Logger {
  request(entry: RequestEntry): void;
  /** `fields.method`, `fields.path` and `fields.error` also make up the text line. */
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Writes lines in `format` to `write` (one call per line, without the newline). */
export function createLogger(format: LogFormat, write: (line: string) => void): Logger {
  const event =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      if (format === 'json') {
        write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
        return;
      }
      const where = [fields.method, fields.path].filter((part) => typeof part === 'string');
      const head = [message, ...where].join(' ');
      write(fields.error === undefined ? head : `${head}: ${String(fields.error)}`);
    };
  return {
    request({ method, path, status, ms }) {
      if (format === 'json') {
        const level: Level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
        const time = new Date().toISOString();
        write(JSON.stringify({ time, level, method, path, status, ms: Math.round(ms * 10) / 10 }));
      } else write(`${method} ${path} ${status} ${ms.toFixed(1)}ms`);
    },
    info: event('info'),
    error: event('error'),
  };
}
