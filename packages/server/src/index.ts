export type { AppOptions } from './createApp.js';
export { createApp } from './createApp.js';
export type { RunningServer, ServerConfig } from './startServer.js';
export { startServer } from './startServer.js';
export type { BlobStore } from './storage/BlobStore.js';
export { FsBlobStore } from './storage/FsBlobStore.js';
export type {
  ChunkKey,
  ChunkRef,
  ChunkSummary,
  MetadataStore,
  Project,
  RecordingSettings,
  SessionPage,
  SessionSummary,
} from './storage/MetadataStore.js';
export { SqliteMetadataStore } from './storage/SqliteMetadataStore.js';
