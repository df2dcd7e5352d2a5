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
          exclude: ['**/*.store.test.ts', '**/*.host.test.ts', '**/node_modules/**'],
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
      {
        extends: true,
        test: {
          // Real libvirtd + QEMU and glusterd on this machine (scripts/libvirt.sh and
          // scripts/gluster.sh install and start them).
          name: 'host',
          globalSetup: [
            // One host-suite run at a time: each one's clean-up would kill the other's guests.
            'apps/bff/src/hosts/testing/exclusive.ts',
            'apps/bff/src/store/testing/postgres-server.ts',
            'apps/bff/src/hosts/libvirt/testing/libvirtd.ts',
            'apps/bff/src/gluster/testing/glusterd.ts',
          ],
          include: ['apps/*/src/**/*.host.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
