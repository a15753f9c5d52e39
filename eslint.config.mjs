import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'appPackage/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the composition root reads the environment; everything else takes a typed config.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/config.ts.' },
      ],
    },
  },
  {
    files: [
      'src/index.ts',
      'src/config.ts',
      'src/partnerCenter/emulator/main.ts',
      'src/packaging/main.ts',
      'test/**',
      'bench/**',
      '*.js',
      '*.mjs',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // One small module per idea: a source file past 300 lines holds more than one.
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // The bot layer is the only place that knows Bot Framework.
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['botbuilder*', 'botframework-*'], message: 'Only src/bot/ imports Bot Framework.' },
          ],
        },
      ],
    },
  },
  {
    files: ['jest*.config.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
