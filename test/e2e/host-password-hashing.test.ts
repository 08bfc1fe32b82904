import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createPasswordHasher } from '@warden/users';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every host flow that sets a password hashes it on libuv's thread pool, outside the transaction:
// the parent's event loop never runs scrypt. The cost is half OWASP's (ln 16: a scrypt takes 100–400 ms
// here, 64 MiB), to keep the test short; on a busy machine the pool's threads take CPU from the event
// loop, so the lag allowed is half a scrypt, where hashing on the event loop stalls it a whole one.
describe('host password hashing', () => {
  let w: TestRuntime;
  let scryptMs: number;
  beforeAll(async () => {
    w = await createTestRuntime({ passwords: { ln: 16 } });
    const hasher = createPasswordHasher({ ln: 16 });
    const started = performance.now();
    hasher.hash('one scrypt, timed');
    scryptMs = performance.now() - started;
  });
  afterAll(() => w.dispose());

  /** Runs `fn`, and records in `lags` the longest the event loop stalled meanwhile (ms). */
  const measured = async <T>(name: string, fn: () => Promise<T>, lags: Record<string, number>) => {
    const lag = monitorEventLoopDelay({ resolution: 1 });
    lag.enable();
    // The monitor samples on a timer: let it start before the call, and fire once after it.
    await sleep(5);
    try {
      return await fn();
    } finally {
      await sleep(5);
      lag.disable();
      lags[name] = Math.round(lag.max / 1e5) / 10;
    }
  };

  it('creating users, updatePassword and completePasswordReset keep the event loop free; the passwords verify', async () => {
    const lags: Record<string, number> = {};
    const first = 'First-pass-123';
    const user = await measured(
      'insert with a password',
      () =>
        w.store.insert('sys.users', {
          firstName: 'Ada',
          lastName: 'Hash',
          email: 'ada@hashing.io',
          sendWelcomeEmail: false,
          authentication: {
            generatePassword: false,
            password: first,
            passwordConfirmation: first,
            passwordExpired: false,
          },
        }),
      lags,
    );
    const generated = await measured(
      'insert with a generated password',
      () =>
        w.store.insert('sys.users', {
          firstName: 'Gene',
          lastName: 'Rated',
          email: 'gene@hashing.io',
          sendWelcomeEmail: false,
        }),
      lags,
    );
    const second = 'Second-pass-456';
    await measured(
      'updatePassword',
      () => w.users.updatePassword(user.id!, { currentPassword: first, newPassword: second }),
      lags,
    );
    const { resetCode } = await w.users.resetPassword(user.id!);
    const third = 'Third-pass-789';
    await measured('completePasswordReset', () => w.users.completePasswordReset(resetCode, third), lags);
    const fourth = 'Fourth-pass-012';
    await measured(
      'update with a password',
      () =>
        w.store.update('sys.users', {
          ...generated,
          fields: { authentication: { password: fourth, passwordConfirmation: fourth } },
        }),
      lags,
    );
    console.log(`one scrypt on the thread: ${scryptMs.toFixed(0)} ms; event-loop lag max:`, lags);
    for (const lag of Object.values(lags)) expect(lag).toBeLessThan(scryptMs / 2);
    expect(await w.users.verifyPassword(user.id!, third)).toBe(true);
    expect(await w.users.verifyPassword(user.id!, second)).toBe(false);
    expect(await w.users.verifyPassword(generated.id!, fourth)).toBe(true);
    expect(await w.users.signIn('ada@hashing.io', third)).toMatchObject({ status: 'ok' });
  }, 30_000);
});
