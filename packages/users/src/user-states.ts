import { badRequest, type FieldError, notFound, type RecordData, WardenError } from '@warden/sys-api';
import type { UserSaveEvent } from './store-port.js';
import { describe, USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** A stored user state (Mia-Platform's PUBLIC, DRAFT, TRASH). DELETED is a purge, never stored. */
export type UserState = 'PUBLIC' | 'DRAFT' | 'TRASH';

/** What `setState` takes: a stored state, or DELETED to purge users already in TRASH. */
export type TargetState = UserState | 'DELETED';

export const USER_STATES: readonly UserState[] = ['PUBLIC', 'DRAFT', 'TRASH'];
const DAY_MS = 86_400_000;

/** True when the app declares `users.states` (the `state` and `trashedAt` fields exist). */
export const statesOn = (ctx: UsersContext): boolean => ctx.store.app.users?.states === true;

/** The user's state; PUBLIC when the app keeps none (every user may then sign in). */
export function stateOf(user: RecordData): UserState {
  const s = user.fields.state;
  return USER_STATES.includes(s as UserState) ? (s as UserState) : 'PUBLIC';
}

/**
 * A save's state fields, before the write: a new user starts PUBLIC or DRAFT (never in TRASH),
 * and `trashedAt` is the service's own: set when the user enters TRASH, kept while it stays
 * there, cleared when it leaves, whatever the save gave.
 */
export function planStateFields(ctx: UsersContext, e: UserSaveEvent, errors: FieldError[]): void {
  if (!statesOn(ctx)) return;
  const fields = e.record.fields;
  const state = stateOf(e.record);
  fields.state = state;
  if (e.isNew && state === 'TRASH') {
    errors.push({ field: 'state', code: 'invalid', message: 'a new user starts PUBLIC or DRAFT' });
  }
  const before = e.previous ? stateOf(e.previous) : null;
  if (state !== 'TRASH') fields.trashedAt = null;
  else if (before === 'TRASH') fields.trashedAt = e.previous?.fields.trashedAt ?? ctx.now();
  else fields.trashedAt = ctx.now();
}

/** After a stored save: a state change ends the user's sessions (unless PUBLIC) and is an event. */
export function afterStateSave(ctx: UsersContext, e: UserSaveEvent): void {
  if (!statesOn(ctx) || !e.previous) return;
  const [from, to] = [stateOf(e.previous), stateOf(e.record)];
  if (from === to) return;
  if (to !== 'PUBLIC') ctx.sessions.revokeUser(e.record.id!);
  ctx.emit('user.stateChanged', e.record.id!, e.record, e.previous, { from, to });
}

function requireStates(ctx: UsersContext, fn: string): void {
  if (!statesOn(ctx)) {
    throw badRequest(
      `${fn}: the app keeps no user states (declare "users": {"states": true} in the app definition)`,
    );
  }
}

/** A target state argument. */
export function targetStateArg(fn: string, value: unknown): TargetState {
  if (value === 'DELETED' || USER_STATES.includes(value as UserState)) return value as TargetState;
  throw badRequest(`${fn}: state must be PUBLIC, DRAFT, TRASH or DELETED, got ${describe(value)}`);
}

/** A user query: a user id, or a query map over `sys.users` (`{}` is every user). */
export function userQueryArg(fn: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'string' && value.length > 0) return { id: value };
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw badRequest(`${fn}: query must be a user id or a query object, got ${describe(value)}`);
}

/** The users `query` finds through `find` (the store, or a run's scoped reader). */
export type FindUsers = (query: Record<string, unknown>) => Iterable<RecordData>;

/**
 * Moves every user the query finds to `state` in one transaction (each save runs the users
 * interceptor: sessions, events); users already there are left alone. DELETED purges, and
 * only users in TRASH (`forbidden` naming the first that is not). Answers how many changed.
 */
export function setState(
  ctx: UsersContext,
  query: unknown,
  state: unknown,
  find: FindUsers = (q) => ctx.store.find(USERS, q),
  check: (user: RecordData) => void = () => {},
): { changed: number } {
  const fn = 'setState';
  requireStates(ctx, fn);
  const target = targetStateArg(fn, state);
  const q = userQueryArg(fn, query);
  if (target === 'DELETED') return { changed: purge(ctx, q, find).purged };
  return ctx.store.transaction(() => {
    const due = [...find(q)].filter((u) => stateOf(u) !== target);
    for (const user of due) {
      check(user);
      ctx.store.update(USERS, { ...user, fields: { ...user.fields, state: target } });
    }
    return { changed: due.length };
  });
}

/**
 * Purges the users the query finds, all of which must be in TRASH: each is removed (the users
 * interceptor drops credentials, sessions, identities, codes, statistics, factors, metadata,
 * and the search index follows the row), `user.purged` carries only the id, and `onPurge` lets
 * the host erase what it keeps (audit rows, journaled events, mail). Freed pages are zeroed
 * (`secure_delete`) and the search index is merged so that no deleted term stays in it.
 */
export function purge(
  ctx: UsersContext,
  query: unknown,
  find: FindUsers = (q) => ctx.store.find(USERS, q),
): { purged: number } {
  const fn = 'purge';
  requireStates(ctx, fn);
  const q = userQueryArg(fn, query);
  const db = ctx.store.db;
  const secure = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  try {
    return ctx.store.transaction(() => {
      const users = [...find(q)];
      const alive = users.find((u) => stateOf(u) !== 'TRASH');
      if (alive) {
        throw new WardenError(
          'forbidden',
          `${fn}: user '${alive.id}' is ${stateOf(alive)}; only users in TRASH are purged (trash them first)`,
        );
      }
      for (const user of users) {
        ctx.store.remove(USERS, user.id!);
        ctx.emit('user.purged', user.id!, null, null, {});
        ctx.lifecycle.onPurge(user);
      }
      if (users.length > 0) ctx.lifecycle.search.compact();
      return { purged: users.length };
    });
  } finally {
    db.pragma(`secure_delete = ${Number(secure)}`);
  }
}

/** Purges users trashed longer than the app's `trashRetentionDays` ago (the expiry sweep). */
export function purgeTrashed(ctx: UsersContext, at?: number): number {
  if (!statesOn(ctx)) return 0;
  const days = ctx.store.app.users?.trashRetentionDays ?? 30;
  const before = (at ?? ctx.now()) - days * DAY_MS;
  return purge(ctx, { state: 'TRASH', trashedAt: `lessOrEquals(${before})` }).purged;
}

/** Brings a trashed user back (to PUBLIC unless told DRAFT). */
export function restore(ctx: UsersContext, user: unknown, state: unknown = 'PUBLIC'): RecordData {
  const fn = 'restore';
  requireStates(ctx, fn);
  if (state !== 'PUBLIC' && state !== 'DRAFT') {
    throw badRequest(`${fn}: state must be PUBLIC or DRAFT, got ${describe(state)}`);
  }
  const q = userQueryArg(fn, user === null || typeof user !== 'object' ? user : (user as RecordData).id);
  return ctx.store.transaction(() => {
    const found = [...ctx.store.find(USERS, q)][0];
    if (!found) throw notFound(`${fn}: no user with id ${describe(q.id)}`);
    if (stateOf(found) !== 'TRASH') throw badRequest(`${fn}: user '${found.id}' is not in TRASH`);
    return ctx.store.update(USERS, { ...found, fields: { ...found.fields, state } });
  });
}
