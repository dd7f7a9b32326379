/** One checkpoint of one page: each player's share of identical pixels, cold and warm. */
export interface Row {
  page: string;
  /** The checkpoint's number, or `end` for the recording's last moment. */
  checkpoint: string;
  rrweb: { cold?: number; warm?: number };
  tapedeck: { cold?: number; warm?: number };
}

const percent = (value: number | undefined) =>
  value === undefined ? '–' : `${(Math.floor(value * 10_000) / 100).toFixed(2)} %`;

/** The side-by-side table, as Markdown (it goes into docs/FIDELITY.md as it is). */
export function formatTable(rows: readonly Row[], full: boolean): string {
  const lines = [
    `Replay fidelity (${full ? 'full set' : 'CI set: cold only at the end'}): identical pixels`,
    '',
    '| page | checkpoint | rrweb cold | rrweb warm | Tapedeck cold | Tapedeck warm |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows)
    lines.push(
      `| ${row.page} | ${row.checkpoint} | ${percent(row.rrweb.cold)} | ${percent(row.rrweb.warm)} | ${percent(row.tapedeck.cold)} | ${percent(row.tapedeck.warm)} |`,
    );
  return lines.join('\n');
}
