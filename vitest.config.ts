import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing but Node; `store` runs the store's suite against
// embedded PGlite and, through scripts/with-postgres.sh, a real PostgreSQL server.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['**/*.store.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'store',
          globalSetup: ['apps/bff/src/store/testing/postgres-server.ts'],
          include: ['apps/*/src/**/*.store.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
