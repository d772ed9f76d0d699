export * from './paths.js';
export * from './log-format.js';
export * from './stack.js';
export * from './clients.js';
