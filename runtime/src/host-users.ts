import type { ProviderSignIn, Users } from '@warden/users';
import type { HostCalls } from './host-calls.js';
import { createHostProviderSignIn } from './host-providers.js';

/** Users' methods with their results as promises. */
type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

/**
 * `runtime.users`: user management and sign-in for the host, asynchronous. Sign-in, password
 * checks and password changes (`updatePassword`, `completePasswordReset`) run scrypt on libuv's
 * thread pool, outside any transaction; every call's database work is one transaction on the
 * parent's connection, retried on timers while a run holds the write lock.
 */
export type HostUsers = Async<
  Omit<
    Users,
    | 'dispose'
    | 'signInAsync'
    | 'verifyPasswordAsync'
    | 'updatePasswordAsync'
    | 'completePasswordResetAsync'
    | 'prepareUserWrite'
    | 'withPasswordWork'
    | 'flushPasswordFailures'
    | 'withAccessToken'
    | 'searchVisible'
    | 'searchFields'
    | 'providerSignIn'
  >
> & { providerSignIn: ProviderSignIn };

/** The host's users over the parent's synchronous ones. */
export function createHostUsers(
  users: Users,
  calls: HostCalls,
  afterPurge: () => void = () => {},
): HostUsers {
  const sync = <K extends keyof HostUsers>(name: K) =>
    ((...args: unknown[]) =>
      calls.call(`users.${name}`, () =>
        (users[name] as (...a: unknown[]) => unknown)(...args),
      )) as HostUsers[K];
  return {
    // Results that carry a session get its JWT access token when those are on.
    providerSignIn: createHostProviderSignIn(users),
    signIn: async (email, password, options) =>
      users.withAccessToken(await users.signInAsync(email, password, options)),
    verifyPassword: (userId, password) => users.verifyPasswordAsync(userId, password),
    signOut: sync('signOut'),
    verify: sync('verify'),
    refresh: async (token) => users.withAccessToken(await sync('refresh')(token)),
    completeMfa: async (challenge, code) => users.withAccessToken(await sync('completeMfa')(challenge, code)),
    signUp: (input, options) => users.signUp(input, options),
    confirmEmail: sync('confirmEmail'),
    requestEmailVerification: sync('requestEmailVerification'),
    requestEmailChange: sync('requestEmailChange'),
    enrollMfa: sync('enrollMfa'),
    confirmMfa: sync('confirmMfa'),
    regenerateRecoveryCodes: sync('regenerateRecoveryCodes'),
    removeMfa: sync('removeMfa'),
    mfaStatus: sync('mfaStatus'),
    loginStats: sync('loginStats'),
    listSessions: sync('listSessions'),
    revokeSession: sync('revokeSession'),
    jwks: sync('jwks'),
    rotateSigningKey: sync('rotateSigningKey'),
    revokeSessions: sync('revokeSessions'),
    requestPasswordReset: sync('requestPasswordReset'),
    sweepExpired: sync('sweepExpired'),
    block: sync('block'),
    activate: sync('activate'),
    deactivate: sync('deactivate'),
    resetPassword: sync('resetPassword'),
    updatePassword: (user, options) => users.updatePasswordAsync(user, options),
    completePasswordReset: (code, password) => users.completePasswordResetAsync(code, password),
    addIdentityProvider: sync('addIdentityProvider'),
    removeIdentityProvider: sync('removeIdentityProvider'),
    containsGroup: sync('containsGroup'),
    isPrimaryGroup: sync('isPrimaryGroup'),
    getPrimaryGroup: sync('getPrimaryGroup'),
    addGroup: sync('addGroup'),
    removeGroup: sync('removeGroup'),
    getEndpointConfiguration: sync('getEndpointConfiguration'),
    setEndpointConfiguration: sync('setEndpointConfiguration'),
    clearEndpointConfiguration: sync('clearEndpointConfiguration'),
    // A purge (DELETED, or the retention's) empties the WAL after it commits.
    setState: async (query, state) => {
      const answer = await sync('setState')(query, state);
      if (state === 'DELETED') afterPurge();
      return answer;
    },
    purge: async (query) => {
      const answer = await sync('purge')(query);
      afterPurge();
      return answer;
    },
    purgeTrashed: async (now) => {
      const n = await sync('purgeTrashed')(now);
      if (n > 0) afterPurge();
      return n;
    },
    restore: sync('restore'),
    getMetadata: sync('getMetadata'),
    patchMetadata: sync('patchMetadata'),
    search: sync('search'),
    exists: sync('exists'),
    mergeUsers: sync('mergeUsers'),
  };
}
