import { describe, expect, it } from 'vitest';
import { checkPassword, MAX_PASSWORD_LENGTH } from './password-policy.js';

const codes = (pw: string, policy?: Parameters<typeof checkPassword>[1]) =>
  checkPassword(pw, policy, 'newPassword').map((e) => e.code);

describe('checkPassword', () => {
  it('asks for 8 characters and nothing else by default', () => {
    expect(codes('1234567')).toEqual(['tooShort']);
    expect(codes('12345678')).toEqual([]);
    expect(codes('aaaaaaaa')).toEqual([]);
  });

  it('lists every broken rule at once, on the given field, without the password', () => {
    const policy = { minLength: 12, upper: true, lower: true, digit: true, symbol: true };
    const errors = checkPassword('short', policy, 'authentication.password');
    expect(errors.map((e) => e.code)).toEqual([
      'tooShort',
      'missingUppercase',
      'missingDigit',
      'missingSymbol',
    ]);
    expect(errors.every((e) => e.field === 'authentication.password')).toBe(true);
    expect(errors[0]!.message).toBe('Password must be at least 12 characters long');
    expect(errors.some((e) => e.message.includes('short'))).toBe(false);
  });

  it('accepts a password that meets every rule', () => {
    const policy = { minLength: 12, upper: true, lower: true, digit: true, symbol: true };
    expect(codes('Correct-Horse-9', policy)).toEqual([]);
    expect(codes('correct-horse-9', policy)).toEqual(['missingUppercase']);
    expect(codes('CORRECT-HORSE-9', policy)).toEqual(['missingLowercase']);
    expect(codes('Correct Horse 9x', policy)).toEqual(['missingSymbol']);
  });

  it('counts characters, not UTF-16 units, and caps the length', () => {
    expect(codes('😀😀😀😀😀😀😀', {})).toEqual(['tooShort']);
    expect(codes('x'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual(['tooLong']);
  });

  it('judges the NFC form, the string that is hashed: a decomposed accent is one letter', () => {
    const strict = { minLength: 8, symbol: true };
    // "Abcdefǵ" typed as g + U+0301: the raw mark looked like a symbol; NFC has none.
    expect(codes('Abcdefg\u0301', strict)).toEqual(['tooShort', 'missingSymbol']);
    // Six characters typed as twelve code points do not meet a minimum of 8.
    expect(codes('e\u0301'.repeat(6))).toEqual(['tooShort']);
    expect(codes('e\u0301'.repeat(8))).toEqual([]);
    // A mark with no precomposed form stays a mark in NFC, part of its letter, never a symbol.
    expect(codes('Abcdefgx\u0301', strict)).toEqual(['missingSymbol']);
    expect(codes('Abcdefgx\u0301!', strict)).toEqual([]);
  });

  it('caps the length of the NFC form at exactly MAX_PASSWORD_LENGTH code points', () => {
    expect(codes('x'.repeat(MAX_PASSWORD_LENGTH))).toEqual([]);
    // 1,024 decomposed letters are 2,048 code points typed but 1,024 hashed.
    expect(codes('e\u0301'.repeat(MAX_PASSWORD_LENGTH))).toEqual([]);
    expect(codes('e\u0301'.repeat(MAX_PASSWORD_LENGTH + 1))).toEqual(['tooLong']);
    // U+0958 is one code point typed and two in NFC (a composition exclusion).
    const qa = '\u0958';
    expect(qa.normalize('NFC')).toHaveLength(2);
    expect(codes(qa.repeat(MAX_PASSWORD_LENGTH / 2))).toEqual([]);
    expect(codes(qa.repeat(MAX_PASSWORD_LENGTH / 2 + 1))).toEqual(['tooLong']);
  });
});
