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
});
