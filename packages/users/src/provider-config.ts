import { badRequest, notFound, WardenError } from '@warden/sys-api';
import type { UsersStore } from './store-port.js';

/** Options of provider sign-in (`UsersOptions.providers`). */
export interface ProviderSignInOptions {
  /**
   * Client secrets by provider name. A provider without one here reads the environment variable
   * its `settings.clientSecretEnv` names; secrets are never written to the database.
   */
  secrets?: Record<string, string>;
  /** How long a started sign-in may be finished (ms). Default 10 minutes. */
  flowTtlMs?: number;
}

/** An OpenID Connect provider's settings, checked, with its stable id. */
export interface OidcProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string;
  /** Slingr's switches: make unknown users, overwrite names and email, link existing users. */
  allowUserCreation: boolean;
  allowUserDataUpdate: boolean;
  allowProviderAddition: boolean;
  /** The primary group of users made by this provider. */
  defaultGroup: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for an https URL, or an http one on this machine (tests, local providers). */
export function secureEnough(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

function str(fn: string, name: string, at: string, value: unknown, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.length === 0)
    throw badRequest(`${fn}: provider '${name}' settings.${at} must be a non-empty string`);
  return value;
}

/** The OpenID Connect provider named `name`, or a coded error naming `fn`. */
export function oidcProvider(
  store: UsersStore,
  fn: string,
  name: unknown,
  options: ProviderSignInOptions,
): OidcProvider {
  if (typeof name !== 'string' || name.length === 0)
    throw badRequest(`${fn}: provider must be a non-empty string`);
  const def = store.app.identityProviders.find((p) => p.name === name);
  const schema = store.schema.identityProviders.find((p) => p.name === name);
  if (!def || !schema) throw notFound(`${fn}: no identity provider named '${name}'`);
  if (def.type !== 'oidc') throw badRequest(`${fn}: provider '${name}' is of type '${def.type}', not 'oidc'`);
  const s = def.settings ?? {};
  const issuer = str(fn, name, 'issuer', s.issuer)!;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw badRequest(`${fn}: provider '${name}' settings.issuer must be a URL`);
  }
  if (!secureEnough(url))
    throw badRequest(`${fn}: provider '${name}' settings.issuer must be https (http only on loopback)`);
  const env = str(fn, name, 'clientSecretEnv', s.clientSecretEnv, true);
  const clientSecret = options.secrets?.[name] ?? (env ? process.env[env] : undefined);
  if (env && !clientSecret)
    throw new WardenError('systemException', `${fn}: provider '${name}' has no client secret configured`);
  const flag = (key: string) => s[key] === true;
  const defaultGroup = str(fn, name, 'defaultGroup', s.defaultGroup, true);
  if (defaultGroup && !store.app.groups.some((g) => g.name === defaultGroup))
    throw badRequest(`${fn}: provider '${name}' settings.defaultGroup '${defaultGroup}' is not a group`);
  const scopes = Array.isArray(s.scopes) ? s.scopes.map(String) : ['openid', 'email', 'profile'];
  if (!scopes.includes('openid')) scopes.unshift('openid');
  return {
    id: schema.id,
    name,
    issuer,
    clientId: str(fn, name, 'clientId', s.clientId)!,
    clientSecret,
    scopes: scopes.join(' '),
    allowUserCreation: flag('allowUserCreation'),
    allowUserDataUpdate: flag('allowUserDataUpdate'),
    allowProviderAddition: flag('allowProviderAddition'),
    defaultGroup,
  };
}
