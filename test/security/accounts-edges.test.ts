import type { WardenEvent } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// Account edges an outside attacker found through scripts (#22 findings 5 and 6, #32 item 9):
// the password policy judged on another string than the hash, updatePassword as a password
// oracle, and emails compared with other case rules than the ones they were stored with.
const USERS = { entity: 'sys.users' };
const RIGHT = 'Right-Admin-Pass-1!'; // meets the admins policy (12, upper, lower, digit, symbol; 5 attempts)
const CREATE_ADMIN = `var u = sys.data.createRecord('sys.users');
  u.field('firstName').val('Ad'); u.field('lastName').val('Min'); u.field('email').val(email);
  u.field('groups').add({ group: 'admins', primary: true });
  u.field('authentication.generatePassword').val(false); u.field('authentication.passwordExpired').val(false);
  u.field('authentication.password').val(pw); u.field('authentication.passwordConfirmation').val(pw);
  sys.data.save(u); return u.id();`;

describe('account edges through script runs', () => {
  let w: TestRuntime;
  const seen: WardenEvent[] = [];
  const createAdmin = async (email: string, pw = RIGHT) =>
    (await w.run(CREATE_ADMIN, { ...USERS, params: { email, pw } })).value as string;
  const failures = (id: string) =>
    (
      w.store.db.prepare('SELECT failures FROM users_login_attempts WHERE user_id = ?').get(id) as
        | { failures: number }
        | undefined
    )?.failures ?? 0;
  const status = async (id: string) => (await w.store.findById('sys.users', id))!.fields.status;

  beforeAll(async () => {
    w = await createTestRuntime();
    w.on('user.signInFailed', (e) => {
      seen.push(e);
    });
    w.on('user.blocked', (e) => {
      seen.push(e);
    });
  });
  afterAll(async () => {
    await w.dispose();
  });

  it('the policy judges the NFC password that is hashed: a composing mark is neither a symbol nor a character', async () => {
    // "Abcdefghi1é" typed with a combining accent: 12 code points raw, 11 in NFC, no symbol.
    const error = await w
      .run(
        `try { ${CREATE_ADMIN} } catch (e) {
           return [e.code(), sys.exceptions.getAdditionalInfo(e).errors.map(function (x) { return x.code; })];
         }`,
        { ...USERS, params: { email: 'nfc@example.com', pw: 'Abcdefghi1e\u0301' } },
      )
      .then((r) => r.value);
    expect(error).toEqual(['validationErrors', ['tooShort', 'missingSymbol']]);
    expect(await w.store.findOne('sys.users', 'nfc@example.com')).toBeNull();
    // The same password in either form signs in once it is long enough and has a symbol.
    const pw = 'Abcdefghi1-e\u0301';
    const id = await createAdmin('nfc@example.com', pw);
    expect(await w.users.verifyPassword(id, pw.normalize('NFC'))).toBe(true);
    expect((await w.users.signIn('nfc@example.com', pw.normalize('NFC'))).status).toBe('ok');
  });

  it('updatePassword in a script that catches its errors: 30 guesses stop at the limit, the right one is refused', async () => {
    const id = await createAdmin('oracle1@example.com');
    const { value } = await w.run(
      `var u = sys.data.findById('sys.users', id); var codes = [];
       function attempt(pw) {
         try { sys.users.updatePassword(u, { currentPassword: pw, newPassword: 'Taken-Over-Pass-9!' }); return 'ok'; }
         catch (e) { return e.code(); }
       }
       for (var i = 0; i < 30; i++) codes.push(attempt('Guess-' + i));
       codes.push(attempt(right));
       return codes;`,
      { ...USERS, params: { id, right: RIGHT } },
    );
    const codes = value as string[];
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('badRequest'));
    expect(new Set(codes.slice(5))).toEqual(new Set(['forbidden']));
    expect(await w.users.verifyPassword(id, RIGHT)).toBe(true);
    expect(failures(id)).toBe(5);
    expect(await status(id)).toBe('BLOCKED');
    await w.hooks.drain();
    const mine = seen.filter((e) => e.recordId === id);
    expect(mine.filter((e) => e.type === 'user.signInFailed').map((e) => e.data.failures)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(
      mine.filter((e) => e.type === 'user.signInFailed').every((e) => e.data.via === 'updatePassword'),
    ).toBe(true);
    expect(mine.some((e) => e.type === 'user.blocked')).toBe(true);
    // Host calls are becoming asynchronous: this reads the code of a sync throw or a rejection alike.
    const signIn = Promise.resolve().then(() => w.users.signIn('oracle1@example.com', RIGHT));
    expect(await signIn.catch((e) => e.code)).toBe('forbidden');
  });

  it('updatePassword in scripts that let the error fail the run: every failed run still counts', async () => {
    const id = await createAdmin('oracle2@example.com');
    const guess = (pw: string) =>
      w
        .run(
          `sys.users.updatePassword(sys.data.findById('sys.users', id), { currentPassword: pw, newPassword: 'Taken-Over-Pass-9!' });
           return 'changed';`,
          { ...USERS, params: { id, pw } },
        )
        .then(
          (r) => r.value,
          (e) => e.code,
        );
    for (let i = 0; i < 5; i++) expect(await guess(`Guess-${i}`)).toBe('badRequest');
    expect(failures(id)).toBe(5);
    expect(await status(id)).toBe('BLOCKED');
    expect(await guess(RIGHT)).toBe('forbidden');
    expect(await w.users.verifyPassword(id, RIGHT)).toBe(true);
    await w.hooks.drain();
    const failed = seen.filter((e) => e.recordId === id && e.type === 'user.signInFailed');
    expect(failed.map((e) => e.data.failures)).toEqual([1, 2, 3, 4, 5]);
    // An administrator's activate lifts the block, and the right password then works.
    await w.users.activate(id);
    expect(await guess(RIGHT)).toBe('changed');
  });

  it('emails: count, find and findOne agree on non-ASCII case variants, and the unique promise holds', async () => {
    const create = `var u = sys.data.createRecord('sys.users');
      u.field('firstName').val('Élise'); u.field('lastName').val('Case'); u.field('email').val(email);
      u.field('authentication.generatePassword').val(false);
      try { sys.data.save(u); return u.id(); }
      catch (e) { return [e.code(), sys.exceptions.getAdditionalInfo(e).errors.map(function (x) { return x.field + ':' + x.code; })]; }`;
    const id = (await w.run(create, { ...USERS, params: { email: 'ÉLISE@x.io' } })).value as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const { value } = await w.run(
      `return variants.map(function (v) {
         var one = sys.data.findOne('sys.users', { email: v });
         var key = sys.data.findOne('sys.users', v);
         return [sys.data.count('sys.users', { email: v }), sys.data.find('sys.users', { email: v }).count(),
                 one && one.id(), key && key.id()];
       });`,
      { params: { variants: ['ÉLISE@x.io', 'élise@x.io', 'Élise@X.IO', 'E\u0301LISE@x.io'] } },
    );
    expect(value).toEqual(Array(4).fill([1, 1, id, id]));
    for (const email of ['élise@x.io', 'E\u0301lise@X.io']) {
      expect((await w.run(create, { ...USERS, params: { email } })).value).toEqual([
        'validationErrors',
        ['email:unique'],
      ]);
    }
    expect(await w.store.count('sys.users', { email: 'ÉLISE@X.IO' })).toBe(1);
    // The account signs in by any spelling of its email.
    await w.users.completePasswordReset((await w.users.resetPassword(id)).resetCode, 'Élise-Pass-123');
    expect((await w.users.signIn('ÉLISE@X.IO', 'Élise-Pass-123')).status).toBe('ok');
  });
});
