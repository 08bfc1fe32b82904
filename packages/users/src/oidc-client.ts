import { WardenError } from '@warden/sys-api';
import * as oidc from 'openid-client';
import type { OidcProvider } from './provider-config.js';

/** What the provider says about the person who signed in. */
export interface ProviderProfile {
  /** The provider's subject: the external id of the link. */
  externalId: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  /** The person's claims of the ID token and userinfo (not the protocol's), for hooks. */
  claims: Record<string, unknown>;
}

/** A refused provider sign-in: `forbidden`, with `info.reason` saying which check failed. */
export function refused(fn: string, reason: string, message: string, info: Record<string, unknown> = {}) {
  return new WardenError('forbidden', `${fn}: ${message}`, { info: { reason, ...info } });
}

/**
 * Discovered provider configurations (openid-client), one per provider and settings; a failed
 * discovery is not kept, so the next call tries again.
 */
export function createOidcClients() {
  const cache = new Map<string, Promise<oidc.Configuration>>();
  return async function configOf(fn: string, p: OidcProvider): Promise<oidc.Configuration> {
    const key = JSON.stringify([p.name, p.issuer, p.clientId, p.clientSecret ?? '']);
    let found = cache.get(key);
    if (!found) {
      const insecure = new URL(p.issuer).protocol === 'http:';
      found = oidc.discovery(
        new URL(p.issuer),
        p.clientId,
        p.clientSecret,
        p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None(),
        insecure ? { execute: [oidc.allowInsecureRequests] } : {},
      );
      cache.set(key, found);
      found.catch(() => cache.delete(key));
    }
    try {
      return await found;
    } catch (error) {
      throw new WardenError('systemException', `${fn}: discovery of provider '${p.name}' failed`, {
        cause: error,
      });
    }
  };
}

/** The authorization URL of a new flow, with its secrets. */
export async function authorizationUrl(config: oidc.Configuration, p: OidcProvider, redirectUri: string) {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: p.scopes,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state, nonce, verifier };
}

const PROTOCOL_CLAIMS = [
  'iss',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'nonce',
  'at_hash',
  'c_hash',
  'sid',
  'auth_time',
  'acr',
  'amr',
];

const text = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * The code exchange (PKCE verifier, state and nonce checked; the ID token's signature, issuer,
 * audience and times checked by openid-client) and userinfo. Refusals are coded `forbidden`.
 */
export async function exchangeCode(
  fn: string,
  config: oidc.Configuration,
  callback: URL,
  checks: { state: string; nonce: string; verifier: string },
): Promise<ProviderProfile> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: checks.verifier,
      expectedNonce: checks.nonce,
      expectedState: checks.state,
      idTokenExpected: true,
    });
  } catch (error) {
    throw refusal(fn, error);
  }
  const idClaims = tokens.claims() as Record<string, unknown>;
  const sub = String(idClaims.sub);
  let info: Record<string, unknown> = {};
  if (config.serverMetadata().userinfo_endpoint) {
    try {
      info = (await oidc.fetchUserInfo(config, tokens.access_token, sub)) as Record<string, unknown>;
    } catch (error) {
      throw refusal(fn, error, 'userinfo');
    }
  }
  const claims: Record<string, unknown> = { ...idClaims, ...info };
  // The protocol's own claims say nothing about the person; hooks get the rest.
  for (const k of PROTOCOL_CLAIMS) delete claims[k];
  return {
    externalId: sub,
    email: text(claims.email)?.toLowerCase() ?? null,
    emailVerified: claims.email_verified === true,
    firstName: text(claims.given_name),
    lastName: text(claims.family_name),
    claims,
  };
}

/** The coded refusal for an openid-client error: which check, never a stack or a host path. */
function refusal(fn: string, error: unknown, stage = 'token'): WardenError {
  const e = error as { code?: string; error?: string };
  if (e.error) {
    return refused(fn, 'code', `the provider refused the authorization code (${e.error})`, {
      providerError: e.error,
    });
  }
  // openid-client wraps oauth4webapi's errors: the failed claim is somewhere down the causes.
  let claim: string | undefined;
  for (let c: unknown = error, i = 0; c && i < 4 && !claim; i++) {
    const at = c as { claim?: unknown; cause?: unknown };
    if (typeof at.claim === 'string') claim = at.claim;
    c = at.cause;
  }
  if (claim === 'nonce') return refused(fn, 'nonce', 'the ID token nonce does not match');
  if (claim === 'aud' || claim === 'azp')
    return refused(fn, 'audience', 'the ID token is not for this client');
  if (claim) return refused(fn, 'idToken', `the ID token claim '${claim}' is not valid`, { claim });
  return refused(
    fn,
    stage === 'userinfo' ? 'userinfo' : 'idToken',
    `the provider's answer was refused (${e.code ?? 'invalid'})`,
    {
      libraryCode: e.code,
    },
  );
}
