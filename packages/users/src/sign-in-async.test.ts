import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

const PASSWORD = 'right-pass-1';
const INVALID = { code: 'forbidden', message: 'signIn: invalid email or password' };

describe('signInAsync', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('answers as signIn does, counts wrong passwords and blocks at the group limit', async () => {
    const user = h.createUser({ groups: [{ group: 'guarded', primary: true }] }, PASSWORD);
    const ok = await h.users.signInAsync(user.fields.email as string, PASSWORD, { ip: '10.0.0.1' });
    expect(ok).toMatchObject({ status: 'ok', session: { userId: user.id } });
    await expect(h.users.signInAsync('nobody@test.com', PASSWORD)).rejects.toMatchObject(INVALID);
    for (let i = 0; i < 3; i++) {
      await expect(h.users.signInAsync(user.fields.email as string, 'wrong-pass')).rejects.toMatchObject(
        INVALID,
      );
    }
    expect(h.store.findById('sys.users', user.id!)!.fields.status).toBe('BLOCKED');
    await expect(h.users.signInAsync(user.fields.email as string, PASSWORD)).rejects.toMatchObject(INVALID);
  });

  it('hashes off the calling thread and outside any transaction: timers fire and the store stays free', async () => {
    const user = h.createUser({}, PASSWORD);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const pending = h.users.signInAsync(user.fields.email as string, PASSWORD);
    // While scrypt runs, this connection holds no transaction.
    expect(h.store.inTransaction).toBe(false);
    await pending;
    await h.users.signInAsync('unknown@test.com', PASSWORD).catch(() => null);
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
    expect(await h.users.verifyPasswordAsync(user.id!, PASSWORD)).toBe(true);
    expect(await h.users.verifyPasswordAsync(user.id!, 'wrong-pass')).toBe(false);
  });
});
