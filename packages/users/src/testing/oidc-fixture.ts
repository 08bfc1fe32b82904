import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A real OpenID provider (panva's oidc-provider) on loopback, with a scripted browser. */
export interface OidcFixture {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Claims of each test account, by account id; change them to test data updates. */
  accounts: Map<string, Record<string, unknown>>;
  /** Lifetime of the authorization codes the provider issues (seconds); default 60. */
  codeTtl: { seconds: number };
  /**
   * Visits `url` as a browser whose person logs in as `accountId` and consents; answers the
   * query of the redirect back to the app.
   */
  authorize(url: string, accountId: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export async function startOidcProvider(): Promise<OidcFixture> {
  const accounts = new Map<string, Record<string, unknown>>();
  const codeTtl = { seconds: 60 };
  let handler: Parameters<typeof createServer>[1] = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const redirectUri = 'http://127.0.0.1:9/callback';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'warden-app',
        client_secret: 'warden-app-secret-0123456789',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    ttl: {
      AuthorizationCode: () => codeTtl.seconds,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name', 'groups'],
    },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => ({ sub: id, ...accounts.get(id) }) };
    },
  });
  handler = provider.callback();

  async function authorize(url: string, accountId: string) {
    const jar = new Map<string, string>();
    let next = url;
    let method = 'GET';
    let body: string | undefined;
    let interactions = 0;
    for (let hop = 0; hop < 20; hop++) {
      if (next.startsWith(redirectUri)) return Object.fromEntries(new URL(next).searchParams);
      const res = await fetch(next, {
        method,
        body,
        redirect: 'manual',
        headers: {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      await res.arrayBuffer();
      const location = res.headers.get('location');
      if (location) {
        next = new URL(location, next).href;
        method = 'GET';
        body = undefined;
      } else if (/\/interaction\/[^/]+$/.test(new URL(next).pathname) && method === 'GET') {
        // The dev interaction pages: log in first, then consent.
        interactions++;
        method = 'POST';
        body =
          interactions === 1
            ? new URLSearchParams({ prompt: 'login', login: accountId, password: 'x' }).toString()
            : new URLSearchParams({ prompt: 'consent' }).toString();
      } else throw new Error(`oidc fixture: stuck at ${next} (${res.status})`);
    }
    throw new Error('oidc fixture: too many redirects');
  }

  return {
    issuer,
    clientId: 'warden-app',
    clientSecret: 'warden-app-secret-0123456789',
    redirectUri,
    accounts,
    codeTtl,
    authorize,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
