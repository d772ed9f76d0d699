export * from './demo.js';
export * from './net.js';
export * from './process.js';
export * from './bench.js';
export * from './postgres.js';
