// @ts-check
// The security-relevant files only (passwords, reset codes, sessions, the run budget, the host
// bridge, the mail outbox): `pnpm test:mutation:security`. Target: a score of 85% or more.
import { base, NOT_MUTATED } from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    'packages/users/src/password-hasher.ts',
    'packages/users/src/password-policy.ts',
    'packages/users/src/password-flows.ts',
    'packages/users/src/reset-codes.ts',
    'packages/users/src/sessions.ts',
    'packages/sandbox/src/run-budget.ts',
    'packages/sandbox/src/host-bridge.ts',
    'packages/mail/src/outbox.ts',
    'packages/mail/src/outbox-queue.ts',
    ...NOT_MUTATED,
  ],
  // The files' own package suites: the end-to-end and security suites in test/ reach the same
  // code through worker processes, where a mutant is never active, and would only cost time.
  testFiles: [
    'packages/users/src/**/*.test.ts',
    'packages/sandbox/src/**/*.test.ts',
    'packages/mail/src/**/*.test.ts',
    'runtime/src/**/*.test.ts',
  ],
  htmlReporter: { fileName: 'reports/mutation/security.html' },
  jsonReporter: { fileName: 'reports/mutation/security.json' },
};
