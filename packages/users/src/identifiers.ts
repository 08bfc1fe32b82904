import type { FieldError, Fields, RecordData } from '@warden/sys-api';
import { userByEmail } from './request-input.js';
import type { UsersStore } from './store-port.js';
import { USERS } from './user-record.js';

/** A username: a letter, then letters, digits, `.`, `_` or `-` (3 to 64), never an email or a phone. */
const USERNAME = /^[a-z][a-z0-9._-]{2,63}$/;
/** A phone number in E.164 form once spaces, dashes, dots and parentheses are dropped. */
const PHONE = /^\+[1-9][0-9]{5,14}$/;

/** The identifiers the app lets users sign in with (`users.identifiers`; email always). */
export function identifiersOf(store: UsersStore): readonly string[] {
  return store.app.users?.identifiers ?? ['email'];
}

/** A username's one stored form: lower case (so `Ann` and `ann` are one account). */
export const usernameKey = (value: string) => value.normalize('NFC').toLowerCase();
/** A phone number's one stored form: `+` and digits. */
export const phoneKey = (value: string) => value.replace(/[\s().-]/g, '');

/**
 * Brings `username` and `phone` of a user being saved to their stored form, and reports values
 * that could be mistaken for another identifier (a username with `@`, a phone without `+`).
 */
export function normalizeIdentifiers(store: UsersStore, fields: Fields, errors: FieldError[]): void {
  const ids = identifiersOf(store);
  if (ids.includes('username') && typeof fields.username === 'string') {
    fields.username = usernameKey(fields.username);
    if (!USERNAME.test(fields.username as string)) {
      errors.push({
        field: 'username',
        code: 'invalid',
        message: 'must be 3 to 64 letters, digits, ., _ or -, starting with a letter',
      });
    }
  }
  if (ids.includes('phone') && typeof fields.phone === 'string') {
    fields.phone = phoneKey(fields.phone);
    if (!PHONE.test(fields.phone as string)) {
      errors.push({
        field: 'phone',
        code: 'invalid',
        message: 'must be a phone number in +<country><number> form',
      });
    }
  }
}

/**
 * The user an identifier names: an email (it has `@`), else a phone (it starts with `+`), else a
 * username, each only when the app enables it. The three forms cannot overlap, so one string
 * never names two accounts.
 */
export function userByIdentifier(store: UsersStore, identifier: string): RecordData | null {
  if (identifier.length === 0 || identifier.length > 320) return null;
  if (identifier.includes('@')) return userByEmail(store, identifier);
  const ids = identifiersOf(store);
  const [field, key] = identifier.trim().startsWith('+')
    ? ['phone', phoneKey(identifier)]
    : ['username', usernameKey(identifier.trim())];
  // Only well-formed keys reach the query: a value like `like(a)` is query syntax, not a name.
  if (!ids.includes(field) || !(field === 'phone' ? PHONE : USERNAME).test(key)) return null;
  for (const user of store.find(USERS, { [field]: key, _size: 1 })) return user;
  return null;
}
