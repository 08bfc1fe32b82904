import type { PasswordPolicy } from '@warden/store';
import type { FieldError } from '@warden/sys-api';
import { normalizePassword } from './password-hasher.js';

/** The store defines the shape; this module applies it. */
export type { PasswordPolicy };

/** The policy of a user without a primary group, or of a group without one. */
export const DEFAULT_MIN_LENGTH = 8;
/**
 * Longer input is refused: it only costs hashing time and helps nobody remember it. Lengths are
 * code points of the normalized form (`normalizePassword`), the string that is hashed.
 */
export const MAX_PASSWORD_LENGTH = 1024;

interface Rule {
  code: string;
  applies: (p: PasswordPolicy) => boolean;
  passes: (pw: string, p: PasswordPolicy) => boolean;
  message: (p: PasswordPolicy) => string;
}

const minLength = (p: PasswordPolicy) => p.minLength ?? DEFAULT_MIN_LENGTH;
const length = (pw: string) => [...pw].length;

const RULES: Rule[] = [
  {
    code: 'tooShort',
    applies: () => true,
    passes: (pw, p) => length(pw) >= minLength(p),
    message: (p) => `must be at least ${minLength(p)} characters long`,
  },
  {
    code: 'tooLong',
    applies: () => true,
    passes: (pw) => length(pw) <= MAX_PASSWORD_LENGTH,
    message: () => `must be at most ${MAX_PASSWORD_LENGTH} characters long`,
  },
  {
    code: 'missingUppercase',
    applies: (p) => p.upper === true,
    passes: (pw) => /\p{Lu}/u.test(pw),
    message: () => 'must contain an uppercase letter',
  },
  {
    code: 'missingLowercase',
    applies: (p) => p.lower === true,
    passes: (pw) => /\p{Ll}/u.test(pw),
    message: () => 'must contain a lowercase letter',
  },
  {
    code: 'missingDigit',
    applies: (p) => p.digit === true,
    passes: (pw) => /\p{Nd}/u.test(pw),
    message: () => 'must contain a digit',
  },
  {
    code: 'missingSymbol',
    applies: (p) => p.symbol === true,
    // A combining mark belongs to its letter (NFC keeps the marks that have no precomposed form).
    passes: (pw) => /[^\p{L}\p{M}\p{Nd}\s]/u.test(pw),
    message: () => 'must contain a symbol',
  },
];

/**
 * Every rule of `policy` that `password` breaks, as field errors on `field`, all at once.
 * The rules judge the normalized form (`normalizePassword`), the very string the hasher hashes.
 * Messages describe the rule, never the password.
 */
export function checkPassword(
  password: string,
  policy: PasswordPolicy | undefined,
  field: string,
): FieldError[] {
  const p = policy ?? {};
  const text = normalizePassword(password);
  return RULES.filter((r) => r.applies(p) && !r.passes(text, p)).map((r) => ({
    field,
    code: r.code,
    message: `Password ${r.message(p)}`,
  }));
}
