import type { SessionSummary } from './api.js';

const WIDTH = 120;
const HEIGHT = 14;
const LABELS = { pageview: 'page view', rage: 'rage click', dead: 'dead click', error: 'error' };

/** A recording at a glance: its page views and signals along its length. */
export function ActivityStrip({ session }: { session: SessionSummary }) {
  const moments = session.moments ?? [];
  const span = Math.max(session.durationMs, 1);
  const counts = moments.reduce<Record<string, number>>((c, m) => {
    c[m.kind] = (c[m.kind] ?? 0) + 1;
    return c;
  }, {});
  const title =
    Object.entries(counts)
      .map(([kind, n]) => `${n} ${LABELS[kind as keyof typeof LABELS]}${n === 1 ? '' : 's'}`)
      .join(', ') || 'No page views or signals';
  return (
    <svg
      className="activity-strip"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      <line className="track" x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} />
      {moments.map((m, i) => {
        const x = Math.min(WIDTH - 1, Math.max(1, (m.atMs / span) * WIDTH));
        const tall = m.kind !== 'pageview';
        return (
          <line
            // biome-ignore lint/suspicious/noArrayIndexKey: moments have no id and never reorder
            key={i}
            className={`mark mark-${m.kind}`}
            data-kind={m.kind}
            x1={x}
            x2={x}
            y1={tall ? 1 : 4}
            y2={tall ? HEIGHT - 1 : HEIGHT - 4}
          />
        );
      })}
    </svg>
  );
}
