// The HTTP API's wire shapes, as JSON Schemas (TypeBox) with their TypeScript types. The
// server validates and documents its routes with them; the viewer reads the same types.
export * from './alerts.js';
export * from './collaboration.js';
export * from './common.js';
export * from './filter.js';
export * from './heatmaps.js';
export * from './insights.js';
export * from './keys.js';
export * from './sessions.js';
export * from './settings.js';
