// Starts the variant named in ?variant=, then sets window.__ready once it records.
const params = new URLSearchParams(location.search);
const variant = params.get('variant') ?? 'none';
const ready = () => {
  (window as unknown as { __ready: boolean }).__ready = true;
};
const variants: Record<string, () => Promise<{ start(p: URLSearchParams): Promise<void> }>> = {
  none: async () => ({ start: async () => {} }),
  tapedeck: () => import('./variants/tapedeck.ts'),
  // The same with Web Vitals off: what measuring them costs.
  'tapedeck-novitals': () => import('./variants/tapedeck.ts'),
  rrweb: () => import('./variants/rrweb.ts'),
  posthog: () => import('./variants/posthog.ts'),
  sentry: () => import('./variants/sentry.ts'),
};
const load = variants[variant];
if (!load) throw new Error(`unknown variant ${variant}`);
load()
  .then((m) => m.start(params))
  .then(ready);
