import { createHmac } from 'node:crypto';
import type { SessionSummary } from '@tapedeck/protocol/api';
import type { ActiveAlert } from '../../storage/AlertStore.js';

/** What a batch tells about each session: no person, no URL (the log keeps bodies a while). */
const brief = (s: SessionSummary) => ({
  id: s.id,
  startTime: s.startTime,
  durationMs: s.durationMs,
  country: s.country,
  path: `#/sessions/${s.id}`,
});

/**
 * One batch's body: Slack's incoming-webhook shape (`text`) or plain JSON. Both name the
 * time they were made (`sentAt`), so the signature (over the body) covers it too.
 */
export function alertBody(
  alert: ActiveAlert,
  sessions: SessionSummary[],
  truncated: boolean,
  now: number,
): string {
  const playlist = { id: alert.playlistId, name: alert.playlistName };
  if (alert.format === 'json')
    return JSON.stringify({
      type: 'tapedeck.playlist.sessions',
      sentAt: now,
      playlist,
      sessions: sessions.map(brief),
      truncated,
    });
  const count = `${sessions.length}${truncated ? '+' : ''}`;
  const lines = sessions
    .slice(0, 20)
    .map(
      (s) => `• ${s.id} (${Math.round(s.durationMs / 1000)} s${s.country ? `, ${s.country}` : ''})`,
    );
  return JSON.stringify({
    text: [
      `${count} new session${count === '1' ? '' : 's'} match the playlist “${alert.playlistName}”.`,
      ...lines,
    ].join('\n'),
    sentAt: now,
  });
}

/** `sha256=` and the hex HMAC-SHA256 of the body with the alert's secret. */
export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
