import type { RecordedEvent } from '@tapedeck/protocol';
import type { ConsoleOptions } from '../types.js';

export const CONSOLE_PLUGIN = 'rrweb/console@1';

function stringify(value: unknown, maxLength: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Error) text = value.stack ?? `${value.name}: ${value.message}`;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value); // cycles, BigInt
    }
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

/**
 * Records console calls as rrweb console-plugin events (so rrweb players can show them),
 * with caps on arguments, length and rate. Returns the function that restores the console.
 */
export function captureConsole(
  options: ConsoleOptions,
  push: (event: RecordedEvent) => void,
): () => void {
  const levels = options.levels ?? ['log', 'info', 'warn', 'error'];
  const maxArgs = options.maxArgs ?? 10;
  const maxLength = options.maxLength ?? 1000;
  const maxPerSecond = options.maxPerSecond ?? 50;
  let second = 0;
  let count = 0;
  const originals = new Map<string, (...args: unknown[]) => void>();
  for (const level of levels) {
    const original = console[level];
    originals.set(level, original);
    console[level] = (...args: unknown[]) => {
      original.apply(console, args);
      const now = Date.now();
      const thisSecond = Math.floor(now / 1000);
      if (thisSecond !== second) {
        second = thisSecond;
        count = 0;
      }
      if (++count > maxPerSecond) return;
      const payload = args.slice(0, maxArgs).map((arg) => stringify(arg, maxLength));
      if (args.length > maxArgs) payload.push(`… ${args.length - maxArgs} more`);
      push({
        type: 6,
        timestamp: now,
        data: { plugin: CONSOLE_PLUGIN, payload: { level, payload, trace: [] } },
      });
    };
  }
  return () => {
    for (const [level, original] of originals) console[level as 'log'] = original;
  };
}
