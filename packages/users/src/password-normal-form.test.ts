import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordHasher, normalizePassword } from './password-hasher.js';
import { createUsersHarness, type UsersHarness } from './testing/users-harness.js';

// "Abcdefǵ1" with the accent typed as a combining mark: 9 code points raw, 8 in NFC.
const DECOMPOSED = 'Abcdefg\u03011';
const COMPOSED = DECOMPOSED.normalize('NFC');
const STRICT = { groups: [{ group: 'admins', primary: true }] }; // minLength 12 and a symbol

const fieldCodes = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { errors?: { field: string; code: string }[] }).errors?.map((e) => e.code);
  }
  return [];
};

describe('one normal form for the policy and the hash', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness();
  });
  afterEach(() => h.close());

  it('normalizePassword is NFC, and the hasher hashes that form', () => {
    const hasher = createPasswordHasher({ ln: 8 });
    expect(normalizePassword(DECOMPOSED)).toBe(COMPOSED);
    expect(COMPOSED).not.toBe(DECOMPOSED);
    expect(hasher.verify(COMPOSED, hasher.hash(DECOMPOSED))).toBe(true);
    expect(hasher.verify(DECOMPOSED, hasher.hash(COMPOSED))).toBe(true);
  });

  it('a save judges the NFC form: a mark that composes is no symbol, nor an extra character', () => {
    // Eleven letters and a composing mark: 12 code points typed, 11 hashed.
    const typed = 'Abcdefghij1e\u0301';
    const codes = fieldCodes(() =>
      h.createUser({ ...STRICT, email: 'mark@test.com' }, typed.replace('1', '')),
    );
    expect(codes).toEqual(['tooShort', 'missingDigit', 'missingSymbol']);
    expect(h.store.findOne('sys.users', 'mark@test.com')).toBeNull();
  });

  it('updatePassword and completePasswordReset judge the NFC form too', () => {
    const user = h.createUser(STRICT, 'Strong-Password-1');
    expect(
      fieldCodes(() =>
        h.users.updatePassword(user, {
          currentPassword: 'Strong-Password-1',
          newPassword: 'Abcdefghijk\u0301',
        }),
      ),
    ).toEqual(['tooShort', 'missingDigit', 'missingSymbol']);
    const { resetCode } = h.users.resetPassword(user);
    expect(fieldCodes(() => h.users.completePasswordReset(resetCode, 'Abcdefghi1e\u0301'))).toEqual([
      'tooShort',
      'missingSymbol',
    ]);
    expect(h.users.verifyPassword(user.id!, 'Strong-Password-1')).toBe(true);
  });

  it('a confirmation typed in another form matches, and either form signs in', () => {
    const password = 'Ünïcödé-Pässwörd-9';
    const decomposed = password.normalize('NFD');
    const user = h.store.insert('sys.users', {
      firstName: 'Nfd',
      lastName: 'User',
      email: 'nfd@test.com',
      authentication: {
        generatePassword: false,
        passwordExpired: false,
        password: decomposed,
        passwordConfirmation: password,
      },
    });
    expect(h.users.verifyPassword(user.id!, password)).toBe(true);
    expect(h.users.verifyPassword(user.id!, decomposed)).toBe(true);
    expect(h.users.signIn('nfd@test.com', password).status).toBe('ok');
  });
});
