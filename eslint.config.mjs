// Root ESLint flat config: TypeScript rules plus Nx module boundaries on two tag axes
// (scope:* and type:*, see ../shared/STYLE.md). Runtime-specific packages are banned by tag.
import nx from '@nx/eslint-plugin';

const runtimeOnly = [
  '@stoprocent/noble',
  '@abandonware/noble',
  'mqtt',
  'aedes',
  '@duckdb/node-api',
  'influx',
  '@electric-sql/pglite',
  'pg',
  'drizzle-orm',
  'ioredis',
  '@nestjs/*',
  'socket.io',
  'express',
  'lmdb',
  'classic-level',
];

/** Module-boundary options; test files may use real servers of other scopes (e.g. an aedes broker). */
function boundaries(forTests) {
  const clinicianBans = [
    '@stoprocent/noble',
    '@abandonware/noble',
    ...(forTests ? [] : ['aedes', '@duckdb/node-api']),
  ];
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [
        '../../jest.preset.mjs',
        '../jest.preset.mjs',
        '../../eslint.config.mjs',
        '../eslint.config.mjs',
      ],
      depConstraints: [
        // Shared code depends only on shared code; apps are never imported.
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:clinician', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:dashboard', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'scope:sim', onlyDependOnLibsWithTags: ['scope:shared'] },
        { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:app'] },
        // Pure layers: contracts and codecs import nothing with I/O.
        {
          sourceTag: 'type:contract',
          onlyDependOnLibsWithTags: ['type:contract', 'type:codec'],
          bannedExternalImports: runtimeOnly,
        },
        {
          sourceTag: 'type:codec',
          onlyDependOnLibsWithTags: ['type:codec'],
          bannedExternalImports: runtimeOnly,
        },
        {
          sourceTag: 'type:util',
          onlyDependOnLibsWithTags: ['type:util', 'type:contract', 'type:codec'],
          bannedExternalImports: runtimeOnly,
        },
        // Only the gateway talks Bluetooth.
        {
          sourceTag: 'scope:ingest',
          bannedExternalImports: ['@stoprocent/noble', '@abandonware/noble', '@nestjs/*'],
        },
        {
          sourceTag: 'scope:clinician',
          bannedExternalImports: clinicianBans,
        },
        {
          sourceTag: 'scope:dashboard',
          bannedExternalImports: ['@stoprocent/noble', 'mqtt', 'aedes', '@nestjs/*', 'pg', 'node:*'],
        },
        {
          sourceTag: 'scope:sim',
          bannedExternalImports: ['@stoprocent/noble', '@abandonware/noble', 'mqtt', 'aedes'],
        },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      '**/vite.config.*.timestamp*',
      '.openward-data',
      '.test-results',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': boundaries(false) },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only' },
        { object: 'it', property: 'only' },
        { object: 'test', property: 'only' },
      ],
    },
  },
];
