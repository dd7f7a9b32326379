// The abusive side of `pnpm loadtest -- --abuse`: clients that hold the public token (or a
// viewer key) and try what issue #17 lists, as fast as the server answers them.
import { gzipSync } from 'node:zlib';
import { recordingChunk } from './recording.mjs';

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Reads the answer through, and gives its status. */
const drain = async (res) => {
  await res.arrayBuffer();
  return res.status;
};

/** Oversized fields: a huge previousSessionId, thousands of URLs and custom events. */
function oversized(sessionId, seq) {
  const chunk = recordingChunk(sessionId, seq, Date.now() - 2000);
  const t = chunk.events[0].timestamp;
  chunk.events.push(
    {
      type: 5,
      timestamp: t,
      data: { tag: '$session_starting', payload: { previousSessionId: 'a'.repeat(1 << 20) } },
    },
    ...Array.from({ length: 500 }, (_, i) => ({
      type: 4,
      timestamp: t + 1,
      data: { href: `https://x.example/${seq}/${i}/${'p'.repeat(1500)}`, width: 1, height: 1 },
    })),
    ...Array.from({ length: 2000 }, (_, i) => ({
      type: 5,
      timestamp: t + 2,
      data: { tag: 'spam', payload: { i, pad: 'q'.repeat(3000) } },
    })),
  );
  return gzipSync(JSON.stringify(chunk));
}

const HOSTILE_FILTERS = [
  { url: { regex: '(a+)+$' } },
  { url: { regex: '^https://x/(a*)(a*)(a*)\\1\\2\\3b$' } },
  { has: 'rageClicks', url: { regex: '(a+)+$' } },
  {
    and: [
      {
        not: {
          not: { not: { not: { not: { not: { not: { not: { not: { has: 'rageClicks' } } } } } } } },
        },
      },
    ],
  },
  { or: Array.from({ length: 50 }, (_, i) => ({ url: { regex: `(x+)+${i}$` } })) },
];

/**
 * Runs `count` abusers against `entry` until `isStopping()`: a session flooding chunks, a
 * client planting oversized fields in new sessions, and a viewer key sending hostile
 * filters. Returns the answers they got, by kind and status.
 */
export function startAbusers({ entry, token, viewerKey, count, run, isStopping }) {
  const answers = {};
  const note = (kind, status) => {
    answers[kind] ??= {};
    answers[kind][status] = (answers[kind][status] ?? 0) + 1;
  };
  const post = (body, address) =>
    fetch(`${entry}/s/?token=${token}`, {
      method: 'POST',
      body,
      headers: { 'X-Forwarded-For': address },
    })
      .then(drain)
      .catch(() => 0);
  const kinds = [
    async (i) => {
      // One session, as fast as the server answers.
      const sessionId = `abuse-${run}-flood-${i}`;
      for (let seq = 0; !isStopping(); seq++) {
        note(
          'flood',
          await post(
            gzipSync(JSON.stringify(recordingChunk(sessionId, seq, Date.now() - 2000))),
            `10.66.${i}.1`,
          ),
        );
        if (seq % 50 === 49) await pause(10);
      }
    },
    async (i) => {
      for (let n = 0; !isStopping(); n++)
        note(
          'oversized',
          await post(
            oversized(`abuse-${run}-big-${i}-${n % 20}`, Math.floor(n / 20)),
            `10.67.${i}.1`,
          ),
        );
    },
    async (i) => {
      for (let n = 0; !isStopping(); n++) {
        const filter = HOSTILE_FILTERS[n % HOSTILE_FILTERS.length];
        const status = await fetch(
          `${entry}/api/sessions?filter=${encodeURIComponent(JSON.stringify(filter))}`,
          { headers: { Authorization: `Bearer ${viewerKey}`, 'X-Forwarded-For': `10.68.${i}.1` } },
        )
          .then(drain)
          .catch(() => 0);
        note('hostile filter', status);
      }
    },
  ];
  const running = Array.from({ length: count }, (_, i) => kinds[i % kinds.length](i));
  return { answers, done: Promise.all(running) };
}
