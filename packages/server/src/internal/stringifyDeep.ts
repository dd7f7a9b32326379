/**
 * `JSON.stringify` of parsed JSON, also where it nests too deep for the stack (a page
 * thousands of elements deep, as rrweb records it): then the same text, written without
 * recursion. Only for values `JSON.parse` made (objects, arrays, strings, numbers, booleans,
 * null).
 */
export function stringifyDeep(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return writeIteratively(value);
  }
}

type Frame = { parts: string[]; items: [string | null, unknown][]; at: number; close: string };

function writeIteratively(root: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = (value: unknown, key: string | null, into: string[]) => {
    const prefix = key === null ? '' : `${JSON.stringify(key)}:`;
    if (Array.isArray(value)) {
      into.push(`${prefix}[`);
      stack.push({ parts: into, items: value.map((v) => [null, v]), at: 0, close: ']' });
    } else if (typeof value === 'object' && value !== null) {
      into.push(`${prefix}{`);
      const items = Object.entries(value).filter(([, v]) => v !== undefined);
      stack.push({ parts: into, items, at: 0, close: '}' });
    } else into.push(prefix + JSON.stringify(value ?? null));
  };
  open(root, null, out);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.at === frame.items.length) {
      frame.parts.push(frame.close);
      stack.pop();
      continue;
    }
    if (frame.at > 0) frame.parts.push(',');
    const [key, value] = frame.items[frame.at++]!;
    open(value, key, frame.parts);
  }
  return out.join('');
}
