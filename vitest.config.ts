import { defineConfig } from 'vitest/config';

// isolated-vm on Node 20 needs --no-node-snapshot in every process that creates isolates.
export default defineConfig({
  resolve: { conditions: ['@warden/source'] },
  ssr: { resolve: { conditions: ['@warden/source'] } },
  test: {
    include: ['runtime/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/packaging/**'], // vitest.packages.config.ts runs those
    // A PostgreSQL server for the tests that need one: WARDEN_PG_URL, or a throwaway cluster.
    globalSetup: ['packages/store-postgres/src/testing/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
