import { EventType, PluginId, REDACTED, type RecordedEvent } from '@tapedeck/protocol';
import type { ConsoleOptions } from '../types.js';
import { describeElement } from './describeElement.js';
import type { Privacy } from './privacy.js';
import { maskUrlsIn } from './redact.js';

/** A DOM node as the masking rules let it be described: `<selector> "shown text"`. */
function nodeText(node: Node, privacy: Privacy): string {
  if (!(node instanceof Element)) return `[${node.nodeName}]`;
  const { selector, text } = describeElement(node, privacy);
  return `<${selector}>${text ? ` "${text}"` : ''}`;
}

function stringify(value: unknown, privacy: Privacy, maxLength: number): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof Error) text = value.stack ?? `${value.name}: ${value.message}`;
  else if (typeof Node !== 'undefined' && value instanceof Node) text = nodeText(value, privacy);
  else if (value === undefined || typeof value === 'function' || typeof value === 'bigint')
    text = String(value);
  else {
    // Secret keys redacted and DOM nodes described, at any depth.
    const replacer = (key: string, item: unknown) => {
      if (key !== '' && privacy.isSensitiveKey(key)) return REDACTED;
      return typeof Node !== 'undefined' && item instanceof Node ? nodeText(item, privacy) : item;
    };
    try {
      text = JSON.stringify(value, replacer) ?? String(value);
    } catch {
      text = '[an object that cannot be written out, e.g. with a cycle]';
    }
  }
  text = maskUrlsIn(text, privacy);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}

function safely<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

/**
 * Records console calls as rrweb console-plugin events (so rrweb players can show them),
 * with caps on arguments, length and rate. Returns the function that restores the console.
 */
export function captureConsole(
  options: ConsoleOptions,
  privacy: Privacy,
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
      let payload = args.slice(0, maxArgs).map((arg) => stringify(arg, privacy, maxLength));
      if (args.length > maxArgs) payload.push(`… ${args.length - maxArgs} more`);
      if (options.maskConsoleArgs) {
        const masked = safely(() => options.maskConsoleArgs?.(payload, level));
        if (!Array.isArray(masked)) return; // null drops the call; so does a failing hook
        payload = masked.map(String);
      }
      push({
        type: EventType.Plugin,
        timestamp: now,
        data: { plugin: PluginId.console, payload: { level, payload, trace: [] } },
      });
    };
  }
  return () => {
    for (const [level, original] of originals) console[level as 'log'] = original;
  };
}
