import type { ProviderSignIn, Users } from '@warden/users';

/**
 * `runtime.users.providerSignIn`: sign-in through the app's OpenID Connect providers. The HTTP
 * calls to the provider run in the parent (Node's fetch); database work goes through the users'
 * `atomic` caller, retried while a run holds the write lock. A finished sign-in's session gets its
 * JWT access token when those are on, as a password sign-in's does.
 */
export function createHostProviderSignIn(users: Users): ProviderSignIn {
  const flow = users.providerSignIn;
  return {
    start: (provider, options) => flow.start(provider, options),
    finish: async (provider, callbackParams, options) =>
      users.withAccessToken(await flow.finish(provider, callbackParams, options)),
  };
}
