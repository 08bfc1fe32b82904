// @ts-check
// The security-relevant files only (passwords, reset codes, sessions, the run budget, the host
// bridge, the mail outbox), each with the test files that exercise it directly. Run through
// `pnpm test:mutation:security` (scripts/mutation-security.mjs), one Stryker run per file, or for
// one file: STRYKER_TARGET=packages/users/src/sessions.ts pnpm stryker run stryker.security.config.mjs
import { base } from './stryker.config.mjs';

const users = (...names) => names.map((n) => `packages/users/src/${n}.test.ts`);
const sandbox = (...names) => names.map((n) => `packages/sandbox/src/${n}.test.ts`);
const mail = (...names) => names.map((n) => `packages/mail/src/${n}.test.ts`);

/**
 * Each file and the tests run against its mutants. Narrow on purpose: a mutant of the hasher is
 * reached by every test that makes a user, and running them all for each of its mutants took
 * about 10 s a mutant on a busy machine. The score is therefore what these tests alone achieve.
 */
export const SECURITY_TARGETS = {
  'packages/users/src/password-hasher.ts': users(
    'password-hasher',
    'password-hasher-edges',
    'password-boundaries',
    'sign-in',
  ),
  'packages/users/src/password-policy.ts': users('password-policy', 'password-boundaries', 'password-flows'),
  'packages/users/src/password-flows.ts': users(
    'password-flows',
    'password-flows-edges',
    'password-boundaries',
  ),
  'packages/users/src/reset-codes.ts': users('reset-codes', 'password-flows', 'reset-request'),
  'packages/users/src/sessions.ts': users('sessions', 'session-flows', 'sign-in'),
  'packages/sandbox/src/run-budget.ts': sandbox('run-budget', 'run-budget-limits', 'result-size-limit'),
  'packages/sandbox/src/host-bridge.ts': sandbox(
    'host-bridge',
    'isolate-runner',
    'result-size-limit',
    'nested-runs',
  ),
  'packages/mail/src/backoff.ts': mail('backoff', 'mail-dispatcher'),
  'packages/mail/src/mail-dispatcher.ts': mail('mail-dispatcher', 'mail-recovery'),
  'packages/mail/src/outbox-queue.ts': mail('mail-dispatcher', 'mail-recovery', 'outbox-settle'),
  'packages/mail/src/outbox.ts': mail(
    'outbox',
    'outbox-arguments',
    'mail-recovery',
    'outbox-settle',
    'index',
  ),
};

const target = process.env.STRYKER_TARGET;
if (target !== undefined && !Object.hasOwn(SECURITY_TARGETS, target)) {
  throw new Error(`STRYKER_TARGET must be one of: ${Object.keys(SECURITY_TARGETS).join(', ')}`);
}
const name = target ? target.replace(/^.*\//, '').replace(/\.ts$/, '') : 'security';
const targets = target ? [target] : Object.keys(SECURITY_TARGETS);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: targets,
  testFiles: [...new Set(targets.flatMap((t) => SECURITY_TARGETS[t]))],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
};
