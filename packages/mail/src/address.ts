import { badRequest } from '@warden/sys-api';
import { describeValue } from './describe-value.js';

// A deliberately plain addr-spec: no quoted locals, no comments, no IP literals. Anything a
// user's email field holds passes; header tricks (CR/LF, commas, angle brackets) do not.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const NAMED = /^\s*(?:"([^"\r\n]*)"|([^"<>\r\n,;]*?))\s*<([^<>\s]+)>\s*$/;

/** True when `value` is one bare email address (`ada@example.com`). */
export function isEmailAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && ADDRESS.test(value);
}

/** Checks a recipient: exactly one bare address. */
export function checkRecipient(fn: string, arg: string, value: unknown): string {
  if (!isEmailAddress(value))
    throw badRequest(`${fn}: ${arg} must be one email address, got ${describeValue(value)}`);
  return value;
}

/**
 * Checks a sender: a bare address or `Name <address>`. Returns the address part too, whose
 * domain names the Message-IDs.
 */
export function checkSender(fn: string, arg: string, value: unknown): { from: string; address: string } {
  if (isEmailAddress(value)) return { from: value, address: value };
  const match = typeof value === 'string' ? NAMED.exec(value) : null;
  const address = match?.[3];
  if (!match || !isEmailAddress(address)) {
    throw badRequest(
      `${fn}: ${arg} must be an email address or 'Name <address>', got ${describeValue(value)}`,
    );
  }
  return { from: value as string, address };
}

/** The domain of an address, lower-cased. */
export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
