import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './createApp.js';
import { FsBlobStore } from './storage/FsBlobStore.js';
import type { Project } from './storage/MetadataStore.js';
import { SqliteMetadataStore } from './storage/SqliteMetadataStore.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** Folder for the SQLite file and the chunks; created when missing. */
  dataDir: string;
  /** Use this as the default project's ingestion token instead of a generated one. */
  token?: string | undefined;
  viewerDir?: string | undefined;
  demo?: boolean;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  project: Project;
  close(): Promise<void>;
}

/** Opens (or creates) the embedded storage in `dataDir` and starts listening. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const metadata = new SqliteMetadataStore(join(config.dataDir, 'tapedeck.db'));
  const blobs = new FsBlobStore(join(config.dataDir, 'chunks'));
  const project = await metadata.ensureDefaultProject(config.token);
  const app = await createApp({
    metadata,
    blobs,
    project,
    viewerDir: config.viewerDir,
    ...(config.demo === undefined ? {} : { demo: config.demo }),
    ...(config.log ? { log: config.log } : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    url: `http://${shown}:${port}`,
    project,
    async close() {
      await app.close();
      await metadata.close();
    },
  };
}
