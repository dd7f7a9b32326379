// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const firstLine = (file: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', 'dist', file), 'utf8').split('\n')[0];

describe('the built package', () => {
  it("keeps 'use client' on the client components only", () => {
    for (const file of ['ClientProvider.js', 'RouteEvents.js'])
      expect(firstLine(file), file).toBe('"use client";');
    for (const file of [
      'TapedeckProvider.js',
      'decideRecording.js',
      'withTapedeck.js',
      'server.js',
    ])
      expect(firstLine(file), file).not.toContain('use client');
  });
});
