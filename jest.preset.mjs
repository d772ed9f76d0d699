// Shared jest preset: ESM mode (Nest 12 is ESM-only), swc transform with decorator metadata,
// and workspace libs resolved to their TypeScript sources so unit tests never need a prior build.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: {
    '^@openward/([a-z0-9-]+)$': join(root, 'libs/$1/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
  reporters: ['default', join(root, 'libs/testing/jest-results-reporter.mjs')],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
