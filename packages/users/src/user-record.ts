import { badRequest, isWardenError, notFound, type RecordData } from '@warden/sys-api';
import type { UsersStore } from './store-port.js';

/** The built-in users entity. */
export const USERS = 'sys.users';

/** A user as the API takes it: a record of `sys.users`, or its id. */
export type UserRef = RecordData | string;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, safe description of a bad argument for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `'${value.slice(0, 60)}'` : typeof value;
}

/** `value` as a user record (saved or not); badRequest when it is not one. */
export function userRecordOf(fn: string, value: unknown): RecordData {
  if (!isObject(value) || !isObject(value.fields)) {
    throw badRequest(`${fn}: user must be a sys.users record, got ${describe(value)}`);
  }
  if (typeof value.entity === 'string' && value.entity !== USERS) {
    throw badRequest(`${fn}: user must be a sys.users record, got a record of '${value.entity}'`);
  }
  return value as unknown as RecordData;
}

/** The id of `ref`; badRequest when it is neither a user record nor an id. */
export function userIdOf(fn: string, ref: unknown): string {
  if (typeof ref === 'string') {
    if (ref.length === 0) throw badRequest(`${fn}: user id must be a non-empty string`);
    return ref;
  }
  const { id } = userRecordOf(fn, ref) as { id: unknown };
  if (id === null || id === undefined) throw notFound(`${fn}: the user record has not been saved yet`);
  if (typeof id !== 'string') throw badRequest(`${fn}: user id must be a string, got ${describe(id)}`);
  return id;
}

/** The stored user that `ref` points at; notFound when there is none. */
export function loadUser(store: UsersStore, fn: string, ref: unknown): RecordData {
  const id = userIdOf(fn, ref);
  let user: RecordData | null;
  try {
    user = store.findById(USERS, id);
  } catch (error) {
    // The store refuses ids that cannot be record ids; say so in the caller's words.
    if (isWardenError(error) && error.code === 'badRequest') {
      throw badRequest(`${fn}: user id ${describe(id)} is not a valid record id`);
    }
    throw error;
  }
  if (!user) throw notFound(`${fn}: no user with id '${id}'`);
  return user;
}

/** The user's email, as stored. */
export const emailOf = (user: RecordData): string => String(user.fields.email ?? '');

/**
 * The user as mail templates see it: every field but the write-only and credential ones.
 */
export function mailUser(user: RecordData): Record<string, unknown> {
  const { authentication: _a, sendWelcomeEmail: _s, ...fields } = user.fields;
  return { ...fields, id: user.id, fullName: user.label };
}
