import { badRequest, type GroupSchema, notFound, type RecordData } from '@warden/sys-api';
import { type AccountFlows, createAccountFlows } from './account-flows.js';
import { flushPasswordFailures } from './current-password.js';
import { findProvider } from './identity-providers.js';
import {
  completePasswordReset,
  type PasswordChangeResult,
  type ResetPasswordResult,
  resetPassword,
  updatePassword,
  verifyPassword,
} from './password-flows.js';
import { completePasswordResetAsync, prepareUserWrite, updatePasswordAsync } from './password-flows-async.js';
import type { PasswordWork } from './prepared-passwords.js';
import { createProviderSignIn, type ProviderSignIn } from './provider-sign-in.js';
import { verifyPasswordAsync } from './sign-in-async.js';
import { createUserAuth, type UserAuth } from './user-auth.js';
import { installUserInterceptor } from './user-interceptor.js';
import { createUserLifecycle, type UserLifecycle } from './user-lifecycle.js';
import { describe, loadUser, type UserRef, userRecordOf } from './user-record.js';
import { saveIfChanged, type UserStatus, withStatus } from './user-status.js';
import { createUsersContext, type UsersContext, type UsersOptions } from './users-context.js';

/**
 * `sys.users` for scripts and the host. Methods taking a user accept a `sys.users` record or its
 * id. Writing methods run in one store transaction; group methods work in memory only.
 * Sign-in, sessions and account state are host calls (`UserAuth`).
 */
export interface Users extends UserAuth, AccountFlows, UserLifecycle {
  /** Host: sign-in through the app's OpenID Connect providers. */
  providerSignIn: ProviderSignIn;
  /** Status ACTIVE; nothing changes (not even the version) when it already is. */
  activate(user: UserRef): RecordData;
  /** Status INACTIVE and the user's sessions revoked; nothing changes when it already is. */
  deactivate(user: UserRef): RecordData;
  /** Issues a reset code and link; unblocks; `{notifyUser|notify: true}` mails them. */
  resetPassword(
    user: UserRef,
    options?: ResetPasswordOptions | Record<string, unknown> | null,
  ): ResetPasswordResult;
  /** Changes the password after checking the current one and the primary group's policy. */
  updatePassword(
    user: UserRef,
    options: UpdatePasswordOptions | Record<string, unknown>,
  ): PasswordChangeResult;
  /** Links a provider (by id or name) and saves the user; again updates the external id. */
  addIdentityProvider(
    userId: string,
    identityProviderIdOrName: string,
    externalId?: string | null,
  ): RecordData;
  /** Unlinks a provider and saves the user; no change when it was not linked. */
  removeIdentityProvider(userId: string, identityProviderIdOrName: string): RecordData;
  containsGroup(user: RecordData, groupIdOrNameOrLabel: string): boolean;
  isPrimaryGroup(user: RecordData, groupIdOrNameOrLabel: string): boolean;
  getPrimaryGroup(user: RecordData): GroupSchema | null;
  /** A copy of the user with the group added (in memory; save to persist). */
  addGroup(user: RecordData, groupIdOrNameOrLabel: string, primary?: boolean): RecordData;
  /** A copy of the user without the group; the next group becomes primary if needed. */
  removeGroup(user: RecordData, groupIdOrNameOrLabel: string): RecordData;
  /** The user's configuration of a per-user endpoint, or null when none is stored. */
  getEndpointConfiguration(user: UserRef, endpointName: string): Record<string, unknown> | null;
  /** Host: stores the user's configuration of a per-user endpoint (a JSON object). */
  setEndpointConfiguration(userId: string, endpointName: string, config: Record<string, unknown>): void;
  /** Host: forgets the user's configuration of an endpoint. */
  clearEndpointConfiguration(userId: string, endpointName: string): void;
  /** Host: finishes a reset or welcome link with the user's new password. */
  completePasswordReset(code: string, newPassword: string): PasswordChangeResult;
  /** Host: true when the password is the user's (rehashes old hashes on success). */
  verifyPassword(userId: string, password: string): boolean;
  /**
   * Writes the failed `updatePassword` current-password checks made inside an enclosing
   * transaction (a script run) once it has ended, committed or rolled back: counts, events,
   * lockout. Call it after such a transaction (the worker host does after every run); returns how
   * many failures it wrote, 0 while a transaction is open.
   */
  flushPasswordFailures(): number;
  /** `verifyPassword` with scrypt on libuv's thread pool, outside any transaction. */
  verifyPasswordAsync(userId: string, password: string): Promise<boolean>;
  /**
   * `updatePassword` for the host's thread: the current password is checked and the new one
   * hashed on libuv's thread pool first, then one short unit (`UsersOptions.atomic`) applies it,
   * checking everything again. Same answers, counts and events.
   */
  updatePasswordAsync(
    user: UserRef,
    options: UpdatePasswordOptions | Record<string, unknown>,
  ): Promise<PasswordChangeResult>;
  /** `completePasswordReset` for the host's thread, hashing as `updatePasswordAsync` does. */
  completePasswordResetAsync(code: string, newPassword: string): Promise<PasswordChangeResult>;
  /**
   * Host: hashes ahead, on libuv's thread pool, the password a write of `entity` with `fields`
   * sets (or generates, when `creating`); null when it sets none. Pass it to `withPasswordWork`.
   */
  prepareUserWrite(entity: string, fields: unknown, creating: boolean): Promise<PasswordWork | null>;
  /** Runs the synchronous `fn` (a store write of users) with `work` in place of scrypt on this thread. */
  withPasswordWork<T>(work: PasswordWork | null, fn: () => T): T;
  /** Removes the `sys.users` interceptors (when the store outlives these users). */
  dispose(): void;
}

/** Options of `resetPassword` (`notify` is an alias the Slingr sample uses). */
export interface ResetPasswordOptions {
  notifyUser?: boolean;
  notify?: boolean;
}

/** Options of `updatePassword`. `currentPassword` is needed only when the user has a password. */
export interface UpdatePasswordOptions {
  currentPassword?: string;
  newPassword: string;
  notifyUser?: boolean;
}

function text(fn: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badRequest(
      `${fn}: ${name} must be a non-empty string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}

function provider(ctx: UsersContext, fn: string, idOrName: unknown) {
  const key = text(fn, 'identityProviderIdOrName', idOrName);
  const found = findProvider(ctx.store.schema.identityProviders, key);
  if (!found) throw notFound(`${fn}: no identity provider with id or name '${key}'`);
  return found;
}

type LinkItem = { identityProvider: string; externalId: string | null; id?: string };
const links = (user: RecordData): LinkItem[] =>
  Array.isArray(user.fields.identityProviders) ? (user.fields.identityProviders as LinkItem[]) : [];
const withLinks = (user: RecordData, items: LinkItem[]): RecordData => ({
  ...user,
  fields: { ...user.fields, identityProviders: items },
});

function endpoint(ctx: UsersContext, fn: string, name: unknown): string {
  const key = text(fn, 'endpointName', name);
  if (!ctx.store.schema.endpoints.some((e) => e.name === key && e.perUser)) {
    throw notFound(`${fn}: no per-user endpoint named '${key}'`);
  }
  return key;
}

/**
 * The users service over a store and an outbox: creates the users_* tables and installs the
 * `sys.users` interceptors (passwords, welcome mail, identity links, sessions, events, cleanup).
 */
export function createUsers(options: UsersOptions): Users {
  const ctx = createUsersContext(options);
  const { store } = ctx;
  const uninstall = installUserInterceptor(ctx);
  const setStatus = (fn: string, ref: UserRef, status: UserStatus) =>
    store.transaction(() => {
      const user = loadUser(store, fn, ref);
      return saveIfChanged(store, user, withStatus(user, status));
    });
  const memory = (fn: string, user: unknown) => userRecordOf(`sys.users.${fn}`, user);

  return {
    ...createUserAuth(ctx),
    ...createAccountFlows(ctx),
    ...createUserLifecycle(ctx),
    providerSignIn: createProviderSignIn(ctx, options.providers, options.account?.secretKey),
    activate: (user) => setStatus('sys.users.activate', user, 'ACTIVE'),
    deactivate: (user) => setStatus('sys.users.deactivate', user, 'INACTIVE'),
    resetPassword: (user, opts) => resetPassword(ctx, user, opts),
    updatePassword: (user, opts) => updatePassword(ctx, user, opts),
    completePasswordReset: (code, password) => completePasswordReset(ctx, code, password),
    verifyPassword: (userId, password) => verifyPassword(ctx, userId, password),
    flushPasswordFailures: () => flushPasswordFailures(ctx),
    verifyPasswordAsync: (userId, password) => verifyPasswordAsync(ctx, userId, password),
    updatePasswordAsync: (user, opts) => updatePasswordAsync(ctx, user, opts),
    completePasswordResetAsync: (code, password) => completePasswordResetAsync(ctx, code, password),
    prepareUserWrite: (entity, fields, creating) => prepareUserWrite(ctx, entity, fields, creating),
    withPasswordWork: (work, fn) => (work ? ctx.passwords.run(work, fn) : fn()),

    addIdentityProvider(userId, idOrName, externalId) {
      const fn = 'sys.users.addIdentityProvider';
      if (externalId !== undefined && externalId !== null) text(fn, 'externalId', externalId);
      return store.transaction(() => {
        const user = loadUser(store, fn, text(fn, 'userId', userId));
        const p = provider(ctx, fn, idOrName);
        const owner = externalId ? ctx.identities.owner(p.id, externalId) : null;
        if (owner && owner !== user.id) {
          throw badRequest(
            `${fn}: externalId '${externalId}' is already linked to another user at '${p.name}'`,
          );
        }
        const item = { identityProvider: p.name, externalId: externalId ?? null };
        const current = links(user);
        const at = current.findIndex((l) => findProvider([p], l.identityProvider));
        const next = at < 0 ? [...current, item] : current.map((l, i) => (i === at ? { ...l, ...item } : l));
        return store.update('sys.users', withLinks(user, next));
      });
    },
    removeIdentityProvider(userId, idOrName) {
      const fn = 'sys.users.removeIdentityProvider';
      return store.transaction(() => {
        const user = loadUser(store, fn, text(fn, 'userId', userId));
        const p = provider(ctx, fn, idOrName);
        const next = links(user).filter((l) => !findProvider([p], l.identityProvider));
        return next.length === links(user).length ? user : store.update('sys.users', withLinks(user, next));
      });
    },

    containsGroup: (user, g) => ctx.groups.contains(memory('containsGroup', user), g),
    isPrimaryGroup: (user, g) => ctx.groups.isPrimary(memory('isPrimaryGroup', user), g),
    getPrimaryGroup: (user) => ctx.groups.primary(memory('getPrimaryGroup', user)),
    addGroup: (user, g, primary = false) => ctx.groups.add(memory('addGroup', user), g, primary === true),
    removeGroup: (user, g) => ctx.groups.remove(memory('removeGroup', user), g),

    getEndpointConfiguration(user, endpointName) {
      const fn = 'sys.users.getEndpointConfiguration';
      const name = endpoint(ctx, fn, endpointName);
      return store.transaction(() => ctx.configs.get(loadUser(store, fn, user).id!, name));
    },
    setEndpointConfiguration(userId, endpointName, config) {
      const fn = 'setEndpointConfiguration';
      const name = endpoint(ctx, fn, endpointName);
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw badRequest(`${fn}: config must be an object, got ${describe(config)}`);
      }
      store.transaction(() =>
        ctx.configs.set(loadUser(store, fn, text(fn, 'userId', userId)).id!, name, config),
      );
    },
    clearEndpointConfiguration(userId, endpointName) {
      const fn = 'clearEndpointConfiguration';
      const name = endpoint(ctx, fn, endpointName);
      store.transaction(() => ctx.configs.clear(loadUser(store, fn, text(fn, 'userId', userId)).id!, name));
    },
    dispose: uninstall,
  };
}
