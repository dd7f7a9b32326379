import { withTapedeck } from '@tapedeck/next/server';

// The SDK posts to /ingest on this app's own domain; Next proxies it to the Tapedeck server.
// Rewrites are fixed at build time: set TAPEDECK_HOST before `next build`.
export default withTapedeck({}, { host: process.env.TAPEDECK_HOST ?? 'http://127.0.0.1:8787' });
