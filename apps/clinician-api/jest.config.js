import preset from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'clinician-api',
  rootDir: '.',
  // API_TEST_DATABASE=postgres: one private PostgreSQL 15 cluster per run (see test/postgres.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
