// `--profile`: where the main thread's JavaScript time goes, by whose code it is. A sampled
// CPU profile (CDP `Profiler`) of the whole visit; each sample's self time goes to the code
// it ran in, found through the pages' source maps: rrweb, Tapedeck (core, protocol and its
// web-vitals), the other SDKs, or the page. A builtin (JSON.stringify, a DOM call) counts for
// the code that called it. Garbage collection is its own line: it is everyone's.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join } from 'node:path';

export const SPLIT = ['tapedeck', 'rrweb', 'posthog', 'sentry', 'page', 'gc'];

const OWNERS = [
  ['tapedeck', /packages\/(core|protocol)\/|@tapedeck\/|web-vitals/],
  ['rrweb', /rrweb/],
  ['posthog', /posthog/],
  ['sentry', /@sentry/],
];

/** Starts profiling; `stop()` resolves to ms of self time per owner, and the top functions. */
export async function startCpuSplit(cdp, outDir) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.send('Profiler.disable');
      return split(profile, outDir);
    },
  };
}

function split(profile, outDir) {
  const maps = new Map();
  const mapOf = (url) => {
    if (!maps.has(url)) {
      let map = null;
      try {
        const file = join(outDir, new URL(url).pathname);
        map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
      } catch {}
      maps.set(url, map);
    }
    return maps.get(url);
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const place = new Map();
  /** [owner, source:line] of the node's code, or of its nearest caller that has a URL. */
  const placeOf = (id) => {
    if (place.has(id)) return place.get(id);
    const { callFrame } = byId.get(id);
    let found;
    if (callFrame.functionName === '(garbage collector)') found = ['gc', 'gc'];
    else if (callFrame.url) {
      const entry = mapOf(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
      const source = entry?.originalSource ?? callFrame.url;
      const owner = OWNERS.find(([, re]) => re.test(source))?.[0] ?? 'page';
      const short = source.replace(/^.*node_modules\//, '').replace(/^.*packages\//, '');
      found = [owner, `${short}:${(entry?.originalLine ?? callFrame.lineNumber) + 1}`];
    } else if (parent.has(id)) found = placeOf(parent.get(id));
    else found = [null, callFrame.functionName]; // (program), (idle), (root)
    place.set(id, found);
    return found;
  };
  const ms = Object.fromEntries(SPLIT.map((k) => [k, 0]));
  const where = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one.
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    const [owner, at] = placeOf(samples[i]);
    if (!owner) continue;
    ms[owner] += dt;
    const name = byId.get(samples[i]).callFrame.functionName || '(anonymous)';
    const key = `${owner} ${at} ${name}`;
    where.set(key, (where.get(key) ?? 0) + dt);
  }
  const top = [...where].sort((a, b) => b[1] - a[1]).slice(0, 60);
  return { ms, top };
}

const pad = (cells) => cells.map((c) => String(c).padStart(11)).join('');

/**
 * Medians per owner, then the recorder's JS (its SDK's code and the rrweb it runs) beside raw
 * rrweb's, and the same with the garbage collection added over no recorder; then, per
 * recorder, where its time went most (summed over the runs).
 */
export function printCpuSplit(results, variants, median) {
  const m = {};
  for (const v of variants) {
    const runs = results[v].map((r) => r.cpu).filter(Boolean);
    m[v] = Object.fromEntries(SPLIT.map((k) => [k, median(runs.map((c) => c.ms[k]))]));
    m[v].recorder = m[v].tapedeck + m[v].rrweb + m[v].posthog + m[v].sentry;
  }
  const gc = (v) => m[v].gc - (m.none?.gc ?? 0);
  const vs = (x, y) => (y ? `${(x / y).toFixed(2)}×` : '—');
  console.log('CPU profile, self ms (median):');
  console.log(pad(['variant', ...SPLIT, 'recorder', 'vs rrweb', '+added GC', 'vs rrweb']));
  for (const v of variants) {
    const withGc = m[v].recorder + gc(v);
    const rrweb = m.rrweb ? m.rrweb.recorder + gc('rrweb') : 0;
    console.log(
      pad([
        v,
        ...SPLIT.map((k) => m[v][k].toFixed(0)),
        m[v].recorder.toFixed(0),
        vs(m[v].recorder, m.rrweb?.recorder),
        withGc.toFixed(0),
        vs(withGc, rrweb),
      ]),
    );
  }
  for (const v of variants.filter((x) => x !== 'none' && x !== 'rrweb')) {
    const sum = new Map();
    for (const r of results[v])
      for (const [key, ms] of r.cpu?.top ?? []) sum.set(key, (sum.get(key) ?? 0) + ms);
    const own = [...sum].filter(([key]) => !/^(page|gc) /.test(key));
    console.log(`\nTop self time of ${v}'s recorder (ms over all runs):`);
    for (const [key, ms] of own.sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`${ms.toFixed(0).padStart(8)}  ${key}`);
  }
  console.log('');
}
