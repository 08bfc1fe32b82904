import { defineConfig } from 'vitest/config';

// The packed-install test (`pnpm test:packages`): apart from the unit suites because it builds the
// native addons, minutes of both cores that would slow every timed test beside it.
export default defineConfig({
  test: {
    include: ['test/packaging/**/*.test.ts'],
    testTimeout: 25 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
