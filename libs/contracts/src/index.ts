export * from './topics.js';
export * from './metrics.js';
export * from './reading.js';
export * from './live.js';
export * from './registry.js';
export * from './api.js';
export * from './gateway.js';
