// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', '*.js', '*.cjs', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'off',
    },
  },
  {
    // The web console (React, TSX): the same TypeScript rules, and the heavy libraries only lazily —
    // `await import('echarts')` / `await import('mermaid')` in the screen that draws (docs/console.md).
    // (eslint-plugin-react-hooks is not installed; hooks are covered by review and the component tests.)
    files: ['apps/console/**/*.ts', 'apps/console/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'echarts', allowTypeImports: true, message: 'ECharts is loaded lazily: `const echarts = await import(\'echarts\')` in the chart component (first load ≤ 300 kB).' },
            { name: 'mermaid', allowTypeImports: true, message: 'mermaid is loaded lazily: `const { default: mermaid } = await import(\'mermaid\')` in the diagram component.' },
          ],
          patterns: [{ group: ['echarts/*', 'mermaid/*'], allowTypeImports: true, message: 'ECharts and mermaid are loaded lazily (dynamic import()).' }],
        },
      ],
    },
  },
  {
    // The chart component is itself loaded with React.lazy (scripts/console/check-bundle.mjs fails
    // the build if ECharts ever reaches the first load).
    files: ['apps/console/src/features/statistics/Chart.tsx'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/scenario/*-checks.ts', 'libs/testing/**', 'libs/domain/test/**'],
    rules: {
      // Tests may assert presence with `!` after checking it.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
