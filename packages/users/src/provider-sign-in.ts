import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { userByIdentifier } from './identifiers.js';
import {
  authorizationUrl,
  createOidcClients,
  exchangeCode,
  type ProviderProfile,
  refused,
} from './oidc-client.js';
import {
  type OidcProvider,
  oidcProvider,
  type ProviderSignInOptions,
  secureEnough,
} from './provider-config.js';
import { createProviderFlows } from './provider-flows.js';
import { clientOption } from './request-input.js';
import { failureOf, type SignInResult } from './sign-in.js';
import { groupRequiresMfa } from './sign-in-outcome.js';
import { USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

/**
 * Sign-in through an OpenID Connect provider of the app definition (type `oidc`): authorization
 * code with PKCE, state and nonce, then Slingr's switches (user creation, data update, provider
 * addition) and the same account checks, MFA and session as a password sign-in.
 */
export interface ProviderSignIn {
  /** The URL to send the browser to, and the flow's state (single use, short-lived). */
  start(provider: string, options: { redirectUri: string }): Promise<{ url: string; state: string }>;
  /**
   * Completes the flow from the callback's query parameters (an object or a URL search string)
   * and answers as `signIn` does. `options.ip` is the client's address.
   */
  finish(provider: string, callbackParams: unknown, options?: { ip?: string }): Promise<SignInResult>;
}

const START = 'providerSignIn.start';
const FINISH = 'providerSignIn.finish';

function params(value: unknown): URLSearchParams {
  if (typeof value === 'string') return new URLSearchParams(value.startsWith('?') ? value.slice(1) : value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out.set(k, v);
    return out;
  }
  throw badRequest(`${FINISH}: callbackParams must be an object or a query string`);
}

/** The provider sign-in of `ctx`'s app. */
export function createProviderSignIn(
  ctx: UsersContext,
  options: ProviderSignInOptions = {},
  secretKey?: string,
): ProviderSignIn {
  const ttl = options.flowTtlMs ?? 10 * 60_000;
  const flows = createProviderFlows(ctx.store.db, ctx.now, ttl, secretKey);
  const configOf = createOidcClients();
  return {
    async start(provider, opts) {
      const p = oidcProvider(ctx.store, START, provider, options);
      const redirect = opts?.redirectUri;
      let url: URL | null = null;
      try {
        url = typeof redirect === 'string' ? new URL(redirect) : null;
      } catch {}
      if (!url || !secureEnough(url))
        throw badRequest(`${START}: redirectUri must be an https URL (http only on loopback)`);
      const config = await configOf(START, p);
      const flow = await authorizationUrl(config, p, url.href);
      await ctx.atomic(START, () =>
        flows.save(flow.state, p.name, { nonce: flow.nonce, verifier: flow.verifier, redirectUri: url.href }),
      );
      return { url: flow.url, state: flow.state };
    },
    async finish(provider, callbackParams, opts) {
      const p = oidcProvider(ctx.store, FINISH, provider, options);
      const client = clientOption(FINISH, opts);
      const query = params(callbackParams);
      const state = query.get('state');
      const flow = state ? await ctx.atomic(FINISH, () => flows.take(state, p.name)) : null;
      if (!state || !flow) throw refused(FINISH, 'state', 'unknown, used or expired state');
      if (query.has('error')) {
        throw refused(FINISH, 'providerError', `the provider answered '${query.get('error')}'`);
      }
      const callback = new URL(flow.redirectUri);
      callback.search = query.toString();
      const config = await configOf(FINISH, p);
      const profile = await exchangeCode(FINISH, config, callback, { state, ...flow });
      const result = await ctx.atomic(FINISH, () =>
        ctx.store.transaction(() => admit(ctx, p, profile, client)),
      );
      // Thrown after the commit, so that the user.signInFailed event is kept.
      if (result === null) {
        throw new WardenError('forbidden', `${FINISH}: the account may not sign in`, {
          info: { reason: 'account' },
        });
      }
      return result;
    },
  };
}

/** Names and email the provider gives, for a new user or a data update. */
function profileFields(profile: ProviderProfile): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (profile.email) out.email = profile.email;
  if (profile.firstName) out.firstName = profile.firstName;
  if (profile.lastName) out.lastName = profile.lastName;
  return out;
}

type Client = ReturnType<typeof clientOption>;

/**
 * The linked, linked-now or new user, then the account checks, MFA and a session; null when the
 * account may not sign in (its failure event is committed).
 */
function admit(
  ctx: UsersContext,
  p: OidcProvider,
  profile: ProviderProfile,
  client: Client,
): SignInResult | null {
  const { store } = ctx;
  const linkedId = ctx.identities.owner(p.id, profile.externalId);
  let user: RecordData | null = linkedId ? store.findById(USERS, linkedId) : null;
  const data = { ip: client.ip, provider: p.name, externalId: profile.externalId };
  if (user && p.allowUserDataUpdate) {
    const next = { ...user, fields: { ...user.fields, ...profileFields(profile) } };
    user = store.update(USERS, next);
  } else if (!user) {
    const byEmail = profile.email ? userByIdentifier(store, profile.email) : null;
    // Linking by email is safe only when the provider vouches for the address.
    if (byEmail && !profile.emailVerified)
      throw refused(FINISH, 'emailUnverified', 'the provider does not vouch for the email');
    const link = { identityProvider: p.name, externalId: profile.externalId };
    if (byEmail) {
      if (!p.allowProviderAddition)
        throw refused(
          FINISH,
          'providerAdditionDisabled',
          `provider '${p.name}' may not be added to an account`,
        );
      const current = (byEmail.fields.identityProviders as unknown[] | undefined) ?? [];
      const fields = { ...byEmail.fields, ...(p.allowUserDataUpdate ? profileFields(profile) : {}) };
      user = store.update(USERS, {
        ...byEmail,
        fields: { ...fields, identityProviders: [...current, link] },
      });
    } else {
      if (!p.allowUserCreation || !profile.email)
        throw refused(FINISH, 'userCreationDisabled', `provider '${p.name}' may not create accounts`);
      user = store.insert(USERS, {
        firstName: profile.firstName ?? profile.email,
        lastName: profile.lastName ?? '',
        ...profileFields(profile),
        sendWelcomeEmail: false,
        authentication: { generatePassword: false },
        ...(p.defaultGroup ? { groups: [{ group: p.defaultGroup, primary: true }] } : {}),
        identityProviders: [link],
        ...(store.app.users?.emailVerification ? { emailVerified: profile.emailVerified } : {}),
      });
    }
  }
  const failure = failureOf(ctx, user, true);
  if (failure) {
    ctx.emit('user.signInFailed', user!.id!, user, null, { ...data, reason: failure });
    return null;
  }
  ctx.emit('user.providerSignedIn', user!.id!, user, null, { ...data, claims: profile.claims });
  return admitWithoutPassword(ctx, user!, client);
}

/** `admitSignIn` for a provider: MFA the same way; a session even when the password aged. */
function admitWithoutPassword(ctx: UsersContext, user: RecordData, client: Client): SignInResult {
  const id = user.id!;
  const { totp, challenges } = ctx.account;
  const enrolled = totp.enrolled(id);
  if (enrolled || groupRequiresMfa(ctx, user)) {
    const enrollment = enrolled ? undefined : totp.begin('signIn', id, String(user.fields.email ?? ''));
    const { challenge, expiresAt } = challenges.create(id, client, !enrolled);
    return { status: 'mfaRequired', challenge, expiresAt, ...(enrollment ? { enrollment } : {}) };
  }
  ctx.attempts.clear(id);
  ctx.account.stats.record(id, client.ip);
  const session = ctx.sessions.create(id, client);
  ctx.emit('user.signedIn', id, user, null, { ip: client.ip });
  return { status: 'ok', session };
}
