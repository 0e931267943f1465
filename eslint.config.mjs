import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-*/**', 'dist/**', 'data/**', '.e2e-data/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'],
  },
  {
    // Tenant scoping by construction: the domain and the screens reach the database only through
    // lib/data (a caller's TenantDb), never through the raw Kysely instance.
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['lib/data/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@/db', '@/db/index', '@/db/client', '@/db/seed'].map((name) => ({
            name,
            message: "Use lib/data (a caller's TenantDb) instead of the raw database.",
          })),
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

export default config;
