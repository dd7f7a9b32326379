import { withTapedeck } from '@tapedeck/next/server';

// The SDK posts to /ingest on this app's own domain; Next proxies it to the Tapedeck server.
// Rewrites are fixed at build time: set TAPEDECK_HOST before `next build`.
// The demo shops' shared privacy-check helpers ship as TypeScript source.
export default withTapedeck(
  { transpilePackages: ['@tapedeck/demo-style'] },
  { host: process.env.TAPEDECK_HOST ?? 'http://127.0.0.1:8787' },
);
