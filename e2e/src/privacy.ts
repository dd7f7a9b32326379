import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { type CliServer, storedChunkTexts } from './server.js';
import { collectBodies, type ReplayEvent, sessionEvents, waitFor } from './session.js';

const CANARY = /canary[-\w@.]*/g;

/** The privacy page's stored events, once `ready` says they hold what the test waits for. */
async function storedPrivacySession(
  server: CliServer,
  ready: (events: ReplayEvent[]) => boolean,
  what: string,
): Promise<ReplayEvent[]> {
  return waitFor(async () => {
    const { sessions } = (await (await server.api('/api/sessions')).json()) as {
      sessions: { id: string; firstUrl: string | null }[];
    };
    const id = sessions.find((s) => s.firstUrl?.includes('/privacy'))?.id;
    const events = id ? await sessionEvents(server.api, id) : [];
    return ready(events) ? events : undefined;
  }, what);
}

const signals = (events: ReplayEvent[], tag: string) =>
  events.filter((e) => e.type === 5 && e.data.tag === tag).map((e) => e.data.payload ?? {});

/** What kind of event each stored canary travelled in, for the failure message. */
function whereCanaries(events: ReplayEvent[]): string[] {
  return events.flatMap((event) => {
    const found = JSON.stringify(event).match(CANARY);
    if (!found) return [];
    const { tag, plugin, source } = event.data as {
      tag?: string;
      plugin?: string;
      source?: number;
    };
    const kind = tag ?? plugin ?? (source === undefined ? '' : `source ${source}`);
    const excerpt = JSON.stringify(event.data).slice(0, 400);
    return [`${[...new Set(found)].join(', ')} in event type ${event.type} ${kind}: ${excerpt}`];
  });
}

/**
 * Opens a demo's privacy check page at `url` with secrets in its query and fragment, types
 * canaries into every field, rage-clicks one card and dead-clicks another, sends its requests
 * and console logs, leaves, and checks that no `canary-…` string reached the server — in the
 * request bodies, the stored session or the chunk files — while the control strings and the
 * click signals did.
 */
export async function expectNoCanaries(context: BrowserContext, url: string, server: CliServer) {
  const page = await context.newPage();
  const bodies = collectBodies(page);
  const secretUrl = new URL(url);
  secretUrl.searchParams.set('ref', 'control-query-ref');
  secretUrl.searchParams.set('reset_token', 'canary-url-reset-token');
  secretUrl.hash = 'access_token=canary-url-access-token';
  await page.goto(secretUrl.href);
  await page.getByText('recorder: recording').waitFor();
  await page.getByLabel('Name').fill('');
  await page.getByLabel('Name').pressSequentially('canary-typed-name');
  await page.getByLabel('Password').pressSequentially('canary-typed-password');
  await page.getByLabel('Notes').fill('');
  await page.getByLabel('Notes').pressSequentially('canary-typed-notes');
  await page.locator('[contenteditable]').first().pressSequentially(' canary-typed-editable');

  // Both cards in view first: a scroll just after a click would make it alive. The clicks go
  // on a card's padding, so the card itself is what was clicked.
  await page.locator('#dead-card').scrollIntoViewIfNeeded();
  const padding = { x: 4, y: 4 };
  await page.locator('#rage-card').click({ position: padding, clickCount: 3 });
  // Nothing may change the page until the dead click is called (2.5 s without a mutation).
  await page.locator('#dead-card').click({ position: padding });
  await storedPrivacySession(
    server,
    (events) => signals(events, '$dead_click').some((p) => /#dead-card/.test(String(p.selector))),
    'the dead click on #dead-card, stored',
  );
  await page.getByRole('button', { name: 'Send requests' }).click();
  await page.getByText('requests: sent').waitFor();
  await page.close({ runBeforeUnload: true });

  const events = await storedPrivacySession(
    server,
    (stored) => {
      const text = JSON.stringify(stored);
      // The typing, the allowed request and the console call arrived.
      return ['"source":5', 'control-allowed-json', 'control-console-user'].every((s) =>
        text.includes(s),
      );
    },
    'the privacy page, typed into, with its requests and console calls',
  );
  const stored = JSON.stringify(events);
  const everything = [bodies.join('\n'), stored, storedChunkTexts(server.dataDir).join('\n')];
  const text = everything.join('\n');
  for (const control of [
    'control-visible-string',
    'control-unmasked-string',
    'control-query-ref', // a query parameter that is not a secret
    'control-allowed-json', // a request body's field that is not a secret, on an allowed URL
    'control-allowed-form',
    'control-console-user',
  ])
    expect(text).toContain(control);

  // The signals still fire, with their selectors and the cards' unmasked text alone.
  const rage = signals(events, '$rageclick').filter((p) => /#rage-card/.test(String(p.selector)));
  expect(rage.map((p) => p.text)).toContain('control-rage-card');
  const dead = signals(events, '$dead_click').filter((p) => /#dead-card/.test(String(p.selector)));
  expect(dead.map((p) => p.text)).toContain('control-dead-card');

  expect(
    text.match(CANARY),
    `canaries left the browser; the stored events holding them:\n${whereCanaries(events).join('\n')}`,
  ).toBeNull();
}
