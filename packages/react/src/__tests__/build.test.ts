// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(import.meta.dirname, '..', '..', 'dist');
const firstLine = (file: string) => readFileSync(join(dist, file), 'utf8').split('\n')[0];

describe('the built package', () => {
  it("keeps 'use client' at the top of every file with hooks, context or effects, and only there", () => {
    const files = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const client = [
      'RecorderContext.js',
      'TapedeckErrorBoundary.js',
      'TapedeckProvider.js',
      'useRecorder.js',
      'useRecorderState.js',
      'useSessionId.js',
    ];
    for (const file of client) expect(firstLine(file), file).toBe('"use client";');
    for (const file of ['Mask.js', 'Unmask.js', 'Block.js', 'privacyElement.js'])
      expect(firstLine(file), file).not.toContain('use client');
    expect(files).toEqual(expect.arrayContaining([...client, 'Mask.js', 'index.js']));
  });
});
