// Lint: TypeScript rules, and the layering: src/core is pure (no vscode, no Node built-ins), so plain mocha tests it
// and it can run in a browser extension host.
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'util',
  'stream',
  'events',
  'worker_threads',
  'readline',
  'url',
  'buffer',
  'zlib',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'out-*/**', 'node_modules/**', 'test-output/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      curly: 'error',
    },
  },
  {
    // src/manifest (the tables package.json is generated from) is pure data under the same rule.
    files: ['src/core/**/*.ts', 'src/manifest/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core is pure: put VS Code code in an adapter outside src/core.' },
            ...nodeBuiltins.flatMap((n) => [
              { name: n, message: 'src/core is pure: pass I/O in through an interface.' },
              { name: `node:${n}`, message: 'src/core is pure.' },
            ]),
          ],
        },
      ],
    },
  },
);
