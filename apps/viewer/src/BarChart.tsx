interface Props {
  title: string;
  bars: { label: string; value: number }[];
  format: (value: number) => string;
}

const W = 480;
const H = 120;
const PAD = 18;

/** A small bar chart in inline SVG: one bar per label, the highest value named on the axis. */
export function BarChart({ title, bars, format }: Props) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (W - PAD) / Math.max(1, bars.length);
  const width = Math.max(2, Math.min(28, slot * 0.7));
  const total = bars.reduce((sum, b) => sum + b.value, 0);
  return (
    <figure className="chart">
      <figcaption>
        {title} <span className="muted">· {format(total)} in all</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H + PAD}`}
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`}
      >
        <line className="axis" x1={PAD} x2={W} y1={H} y2={H} />
        <text className="tick" x={0} y={10}>
          {format(max)}
        </text>
        {bars.map((b, i) => {
          const h = (b.value / max) * (H - 16);
          const x = PAD + i * slot + (slot - width) / 2;
          return (
            <g key={b.label}>
              <rect className="bar" x={x} y={H - h} width={width} height={Math.max(h, 0.5)} rx={2}>
                <title>{`${b.label}: ${format(b.value)}`}</title>
              </rect>
              {(i === 0 || i === bars.length - 1) && (
                <text
                  className="tick"
                  x={x + width / 2}
                  y={H + 14}
                  textAnchor={i === 0 && bars.length > 1 ? 'start' : 'end'}
                >
                  {b.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** How full storage is now, and how full it will be at this week's rate. */
export function StorageMeter({ used, projected }: { used: number; projected: number }) {
  const scale = Math.max(used, projected, 1);
  return (
    <svg className="meter" viewBox="0 0 480 14" role="img" aria-label="Storage used and projected">
      <rect className="meter-track" x={0} y={2} width={480} height={10} rx={5} />
      <rect
        className="meter-projected"
        x={0}
        y={2}
        width={(projected / scale) * 480}
        height={10}
        rx={5}
      />
      <rect className="meter-used" x={0} y={2} width={(used / scale) * 480} height={10} rx={5} />
    </svg>
  );
}
