import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { type CliServer, storedChunkTexts } from './server.js';
import { collectBodies, sessionEvents, waitFor } from './session.js';

/**
 * Opens a demo's privacy check page at `url`, types canaries into every field, leaves, and
 * checks that no `canary-…` string reached the server — in the request bodies, the stored
 * session or the chunk files — while the control strings did.
 */
export async function expectNoCanaries(context: BrowserContext, url: string, server: CliServer) {
  const page = await context.newPage();
  const bodies = collectBodies(page);
  await page.goto(url);
  await page.getByText('recorder: recording').waitFor();
  await page.getByLabel('Name').fill('');
  await page.getByLabel('Name').pressSequentially('canary-typed-name');
  await page.getByLabel('Password').pressSequentially('canary-typed-password');
  await page.getByLabel('Notes').fill('');
  await page.getByLabel('Notes').pressSequentially('canary-typed-notes');
  await page.locator('[contenteditable]').pressSequentially(' canary-typed-editable');
  await page.waitForTimeout(500);
  await page.close({ runBeforeUnload: true });

  const stored = await waitFor(async () => {
    const { sessions } = (await (await server.api('/api/sessions')).json()) as {
      sessions: { id: string; firstUrl: string | null }[];
    };
    const id = sessions.find((s) => s.firstUrl?.includes('/privacy'))?.id;
    const text = id ? JSON.stringify(await sessionEvents(server.api, id)) : '';
    return text.includes('"source":5') ? text : undefined; // the typing arrived
  }, 'the privacy page, typed into');
  const everything = [bodies.join('\n'), stored, storedChunkTexts(server.dataDir).join('\n')];
  const text = everything.join('\n');
  expect(text).toContain('control-visible-string');
  expect(text).toContain('control-unmasked-string');
  expect(text.match(/canary[-\w@.]*/g)).toBeNull();
}
