import { limits } from './limits.js';
import type { RecordingChunk } from './types.js';

export type ValidationResult = { ok: true; chunk: RecordingChunk } | { ok: false; error: string };

/** Session and window ids name storage paths, so they are kept to a safe alphabet. */
const ID = /^[A-Za-z0-9_-]+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkId(name: string, value: unknown): string | null {
  if (typeof value !== 'string') return `${name} must be a string`;
  if (value.length === 0 || value.length > limits.maxIdLength)
    return `${name} must be 1 to ${limits.maxIdLength} characters`;
  if (!ID.test(value)) return `${name} may contain only letters, digits, _ and -`;
  return null;
}

function checkDistinctId(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > limits.maxIdLength)
    return `distinctId must be a string of 1 to ${limits.maxIdLength} characters`;
  return null;
}

function checkTimestamp(name: string, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    return `${name} must be a non-negative number of milliseconds since the epoch`;
  return null;
}

/**
 * Checks that `input` is a RecordingChunk. On failure the error names the first bad field,
 * e.g. `events[3].timestamp must be a non-negative number of milliseconds since the epoch`.
 * Only the envelope and each event's `type`/`timestamp` are checked; `data` is rrweb's.
 */
export function validateChunk(input: unknown): ValidationResult {
  if (!isObject(input)) return { ok: false, error: 'chunk must be a JSON object' };
  const error =
    checkId('sessionId', input.sessionId) ??
    checkId('windowId', input.windowId) ??
    checkDistinctId(input.distinctId) ??
    checkSeq(input.seq) ??
    checkTimestamp('sentAt', input.sentAt) ??
    checkSdk(input.sdk) ??
    checkEvents(input.events);
  return error ? { ok: false, error } : { ok: true, chunk: input as unknown as RecordingChunk };
}

function checkSeq(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    return 'seq must be a non-negative integer';
  return null;
}

function checkSdk(value: unknown): string | null {
  if (!isObject(value)) return 'sdk must be an object with name and version';
  if (typeof value.name !== 'string' || value.name.length === 0 || value.name.length > 100)
    return 'sdk.name must be a string of 1 to 100 characters';
  if (typeof value.version !== 'string' || value.version.length === 0 || value.version.length > 50)
    return 'sdk.version must be a string of 1 to 50 characters';
  return null;
}

function checkEvents(value: unknown): string | null {
  if (!Array.isArray(value)) return 'events must be an array';
  if (value.length === 0) return 'events must not be empty';
  if (value.length > limits.maxEventsPerChunk)
    return `events has ${value.length} items; the limit is ${limits.maxEventsPerChunk} per chunk`;
  for (let i = 0; i < value.length; i++) {
    const event: unknown = value[i];
    if (!isObject(event)) return `events[${i}] must be an object`;
    const type = event.type;
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > 6)
      return `events[${i}].type must be an rrweb event type (an integer from 0 to 6)`;
    const bad =
      checkTimestamp(`events[${i}].timestamp`, event.timestamp) ?? checkPacked(i, type, event.data);
    if (bad) return bad;
  }
  return null;
}

/**
 * An event packed by the recorder (`data.packed: 1`, see packEvents) must hold packed nodes
 * where rrweb's would be, or readers could not expand it: a full snapshot its `node`, a
 * mutation its `adds[].node`.
 */
function checkPacked(i: number, type: number, data: unknown): string | null {
  if (!isObject(data) || data.packed === undefined) return null;
  const where = `events[${i}].data`;
  if (data.packed !== 1) return `${where}.packed must be 1 (a packed event) or absent`;
  if (type === 2) return checkPackedNode(`${where}.node`, data.node);
  if (type !== 3 || data.source !== 0 || !Array.isArray(data.adds))
    return `${where}.packed is only for a full snapshot or a mutation that adds nodes`;
  for (let a = 0; a < data.adds.length; a++) {
    const add: unknown = data.adds[a];
    const bad = isObject(add)
      ? checkPackedNode(`${where}.adds[${a}].node`, add.node)
      : `${where}.adds[${a}] must be an object`;
    if (bad) return bad;
  }
  return null;
}

/** A packed node is text, `[tagName, attributes, ...children]` or rrweb's object form. */
function checkPackedNode(where: string, root: unknown): string | null {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') continue;
    if (Array.isArray(node)) {
      if (typeof node[0] !== 'string' || !isObject(node[1]))
        return `${where} holds a packed element that is not [tagName, attributes, ...children]`;
      for (let k = 2; k < node.length; k++) stack.push(node[k]);
    } else if (isObject(node)) {
      if (node.id !== undefined && typeof node.id !== 'number')
        return `${where} holds a node whose id is not a number`;
      if (node.childNodes !== undefined) {
        if (!Array.isArray(node.childNodes))
          return `${where} holds a node whose childNodes is not an array`;
        for (const child of node.childNodes) stack.push(child);
      }
    } else return `${where} must be a packed node (text, an element array or an rrweb node)`;
  }
  return null;
}
