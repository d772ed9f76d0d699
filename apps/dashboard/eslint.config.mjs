import base from '../../eslint.config.mjs';

/** Features never import each other (bulletproof-react): a feature file may reach `src/lib`, `src/hooks`,
 * `src/config` (three levels up) but not a sibling feature (two levels up) nor `src/app`. */
const featureIsolation = ['auth', 'vitals'].map((feature) => ({
  files: [`src/features/${feature}/**/*.ts`, `src/features/${feature}/**/*.tsx`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^\\.\\./\\.\\./(?!${feature}/)[^./]`,
            message: 'Features must not import other features; compose them in src/app.',
          },
          { regex: '^(\\.\\./){3}app(/|$)', message: 'Features must not import src/app.' },
        ],
      },
    ],
  },
}));

export default [
  ...base,
  { ignores: ['dist', 'coverage', '*.timestamp-*'] },
  ...featureIsolation,
  {
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
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
