import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher.js';
import { checkPassword, MAX_PASSWORD_LENGTH } from './password-policy.js';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

// Boundaries that sampled mutations showed untested: the exact maximum length, each scrypt cost
// parameter on its own, and Unicode normalisation of the password before hashing.

const hashOf = (h: UsersHarness, id: string) =>
  (
    h.store.db.prepare('SELECT hash FROM users_credentials WHERE user_id = ?').get(id) as
      | { hash: string }
      | undefined
  )?.hash;

describe('password length limit', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('accepts a password of exactly the maximum length and refuses one character more', async () => {
    const user = h.createUser();
    const longest = 'p'.repeat(MAX_PASSWORD_LENGTH);
    await h.users.updatePassword(user, { newPassword: longest });
    expect(await h.users.verifyPassword(user.id!, longest)).toBe(true);
    const stored = hashOf(h, user.id!);

    let error: unknown;
    try {
      await h.users.updatePassword(user, { currentPassword: longest, newPassword: `${longest}p` });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'validationErrors',
      errors: [
        {
          field: 'newPassword',
          code: 'tooLong',
          message: `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`,
        },
      ],
    });
    expect(hashOf(h, user.id!)).toBe(stored);
    expect(await h.users.verifyPassword(user.id!, longest)).toBe(true);
  });

  it('counts the limit in characters: astral characters at the limit pass, one more does not', () => {
    const emoji = '🔑'.repeat(MAX_PASSWORD_LENGTH);
    expect(emoji.length).toBe(2 * MAX_PASSWORD_LENGTH);
    expect(checkPassword(emoji, {}, 'pw')).toEqual([]);
    expect(checkPassword(`${emoji}🔑`, {}, 'pw').map((e) => e.code)).toEqual(['tooLong']);
  });
});

describe('password policy messages', () => {
  it('says what each broken rule asks for, on the given field', () => {
    const policy = { minLength: 3, upper: true, lower: true, digit: true, symbol: true };
    expect(checkPassword('  ', policy, 'newPassword')).toEqual([
      { field: 'newPassword', code: 'tooShort', message: 'Password must be at least 3 characters long' },
      {
        field: 'newPassword',
        code: 'missingUppercase',
        message: 'Password must contain an uppercase letter',
      },
      { field: 'newPassword', code: 'missingLowercase', message: 'Password must contain a lowercase letter' },
      { field: 'newPassword', code: 'missingDigit', message: 'Password must contain a digit' },
      { field: 'newPassword', code: 'missingSymbol', message: 'Password must contain a symbol' },
    ]);
  });
});

describe('scrypt cost parameters', () => {
  const fast = createPasswordHasher({ ln: 8 });

  it.each([
    ['r alone', { ln: 8, r: 4 }],
    ['p alone', { ln: 8, p: 2 }],
    ['ln alone', { ln: 7 }],
  ])('asks for a rehash when %s differs', (_name, params) => {
    const old = createPasswordHasher(params).hash('pw-123456');
    expect(fast.verify('pw-123456', old)).toBe(true);
    expect(fast.needsRehash(old)).toBe(true);
    expect(createPasswordHasher(params).needsRehash(old)).toBe(false);
  });

  describe('at sign-in', () => {
    let h: UsersHarness;
    beforeEach(() => {
      h = createUsersHarness();
    });
    afterEach(() => h.close());

    it.each([
      ['r', { ln: 8, r: 4 }, /^\$scrypt\$ln=8,r=4,p=1\$/],
      ['p', { ln: 8, p: 2 }, /^\$scrypt\$ln=8,r=8,p=2\$/],
    ])('rehashes a password whose %s alone differs from the current cost', async (_n, params, oldForm) => {
      const user = h.createUser({}, 'right-pass-1');
      const old = createPasswordHasher(params).hash('right-pass-1');
      h.store.db.prepare('UPDATE users_credentials SET hash = ? WHERE user_id = ?').run(old, user.id!);
      expect(hashOf(h, user.id!)).toMatch(oldForm);
      const result = await h.users.signIn(user.fields.email as string, 'right-pass-1');
      expect(result.status).toBe('ok');
      expect(hashOf(h, user.id!)).toMatch(/^\$scrypt\$ln=8,r=8,p=1\$/);
      expect(await h.users.verifyPassword(user.id!, 'right-pass-1')).toBe(true);
    });
  });
});

describe('Unicode normalisation', () => {
  // "Crème brûlée" typed with precomposed letters (NFC) and with combining accents (NFD).
  const composed = 'Cr\u00e8me br\u00fbl\u00e9e 42';
  const decomposed = composed.normalize('NFD');

  it('verifies a password typed in another normal form of the same text', () => {
    expect(decomposed).not.toBe(composed);
    const hasher = createPasswordHasher({ ln: 8 });
    expect(hasher.verify(decomposed, hasher.hash(composed))).toBe(true);
    expect(hasher.verify(composed, hasher.hash(decomposed))).toBe(true);
    expect(hasher.verify('Creme brulee 42', hasher.hash(composed))).toBe(false);
  });

  it('signs in with the decomposed form of a password set in the composed form', async () => {
    const h = createUsersHarness();
    try {
      const user = h.createUser({}, composed);
      const result = await h.users.signIn(user.fields.email as string, decomposed);
      expect(result.status).toBe('ok');
    } finally {
      h.close();
    }
  });
});
