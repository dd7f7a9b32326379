export type { AppOptions } from './createApp.js';
export { createApp } from './createApp.js';
export type { RunningServer, ServerConfig } from './startServer.js';
export { openStores, startServer } from './startServer.js';
export type { BlobStore } from './storage/BlobStore.js';
export { FsBlobStore } from './storage/FsBlobStore.js';
export type { InsightsStore } from './storage/Insights.js';
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
export { PostgresMetadataStore } from './storage/PostgresMetadataStore.js';
export { S3BlobStore, type S3Config } from './storage/S3BlobStore.js';
export {
  type SegmentLocation,
  type SegmentWriter,
  segmentRecords,
} from './storage/SegmentWriter.js';
export { SqliteMetadataStore } from './storage/SqliteMetadataStore.js';
export { SqlMetadataStore } from './storage/SqlMetadataStore.js';
export { type UploadOptions, uploadSourceMaps } from './uploadSourceMaps.js';
