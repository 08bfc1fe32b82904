import { badRequest, type RecordData } from '@warden/sys-api';
import type { UsersStore } from './store-port.js';
import { describe, USERS } from './user-record.js';

/** The `ip` of a host request's options (`{ip}`), or null when not given. */
export function ipOption(fn: string, options: unknown): string | null {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw badRequest(`${fn}: options must be an object, got ${describe(options)}`);
  }
  const ip = (options as { ip?: unknown }).ip;
  if (ip === undefined || ip === null) return null;
  if (typeof ip !== 'string' || ip.length > 100) {
    throw badRequest(`${fn}: options.ip must be a string of at most 100 characters, got ${describe(ip)}`);
  }
  return ip;
}

/** The email argument of a host request; any string may be looked up, other types are refused. */
export function emailArg(fn: string, email: unknown): string {
  if (typeof email !== 'string') throw badRequest(`${fn}: email must be a string, got ${describe(email)}`);
  return email;
}

/** The user whose email is `email` (case-insensitive); a record id matches nobody here. */
export function userByEmail(store: UsersStore, email: string): RecordData | null {
  if (email.length === 0 || email.length > 320) return null;
  const user = store.findOne(USERS, email);
  return user && user.id !== email ? user : null;
}

/** `{ip, userAgent}` of a host request's options (each null when not given). */
export function clientOption(fn: string, options: unknown): { ip: string | null; userAgent: string | null } {
  const ip = ipOption(fn, options);
  const agent = (options as { userAgent?: unknown } | null | undefined)?.userAgent;
  if (agent === undefined || agent === null) return { ip, userAgent: null };
  if (typeof agent !== 'string' || agent.length > 512) {
    throw badRequest(
      `${fn}: options.userAgent must be a string of at most 512 characters, got ${describe(agent)}`,
    );
  }
  return { ip, userAgent: agent };
}
