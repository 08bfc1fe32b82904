// @ts-check
// Mutation testing (StrykerJS + its vitest runner): `pnpm test:mutation` over the four packages
// whose tests guard the most; `pnpm test:mutation:security` over the security-relevant files only
// (stryker.security.config.mjs). Neither is part of `pnpm test`: see docs/architecture.md.

/** Source files never mutated: tests, test kits and the bootstrap (it runs inside isolates). */
export const NOT_MUTATED = [
  '!**/*.test.ts',
  '!**/testing/**',
  '!**/test-fixtures/**',
  '!**/test-kit.ts',
  '!**/test-fixture.ts',
  '!**/aggregate-fixture.ts',
  // Read as text into each isolate: Stryker's mutant switch (a host global) cannot reach it there.
  '!packages/sandbox/src/bootstrap/**/*.js',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export const base = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // `related`: each mutant runs only the test files whose module graph reaches its file, and
  // per-test coverage narrows that to the tests that executed the mutant.
  vitest: { configFile: 'vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would rerun every related test each: skipped.
  ignoreStatic: true,
  // The runner forces vitest's threads pool, so the forks pool's --no-node-snapshot (vitest.config.ts)
  // does not apply: the flag goes to the test runner process itself, whose threads share it.
  testRunnerNodeArgs: ['--no-node-snapshot'],
  // pnpm links workspace packages to their real folders, so a sandbox copy would run the tests
  // against unmutated dependencies: mutate in place (Stryker restores every file when it ends).
  inPlace: true,
  // No type checking happens in a mutant run (vitest strips types), so the files need no
  // `// @ts-nocheck`, which in place would be written into every file of the project.
  disableTypeChecks: false,
  concurrency: 1,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 60,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
};

export default {
  ...base,
  mutate: [
    'packages/users/src/**/*.ts',
    'packages/store/src/**/*.ts',
    'packages/sandbox/src/**/*.ts',
    'runtime/src/**/*.ts',
    ...NOT_MUTATED,
  ],
  // The packages' own suites and the end-to-end one; test/security and test/faults mostly reach
  // this code through worker processes, where no mutant is active, and take far longer.
  testFiles: ['packages/*/src/**/*.test.ts', 'runtime/src/**/*.test.ts', 'test/e2e/**/*.test.ts'],
};
