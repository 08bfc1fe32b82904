import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OidcFixture, startOidcProvider } from './testing/oidc-fixture.js';
import { createUsersHarness, TEST_APP, type UsersHarness } from './testing/users-harness.js';

let idp: OidcFixture;
beforeAll(async () => {
  idp = await startOidcProvider();
});
afterAll(() => idp.close());

function provider(name: string, switches: Record<string, unknown>) {
  return {
    name,
    type: 'oidc',
    settings: { issuer: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'UNUSED_SECRET', ...switches },
  };
}

const ALL = { allowUserCreation: true, allowUserDataUpdate: true, allowProviderAddition: true };

describe('providerSignIn (OpenID Connect, real oidc-provider on loopback)', () => {
  let h: UsersHarness;
  beforeEach(() => {
    const app = {
      ...TEST_APP,
      groups: [...TEST_APP.groups, { name: 'secure', label: 'Secure', mfaRequired: true }],
      identityProviders: [
        ...TEST_APP.identityProviders,
        provider('idp', { ...ALL, defaultGroup: 'Group1' }),
        provider('closed', {}),
      ],
    };
    h = createUsersHarness(
      {
        providers: { secrets: { idp: idp.clientSecret, closed: idp.clientSecret } },
        account: { secretKey: 'provider-sign-in-test-secret-key-0123456789' },
      },
      app,
    );
    idp.accounts.set('alice', {
      email: 'alice@test.com',
      email_verified: true,
      given_name: 'Alice',
      family_name: 'Liddell',
    });
  });
  afterEach(() => h.close());

  const signIn = async (name: string, account: string, tamper?: (q: Record<string, string>) => void) => {
    const { url, state } = await h.users.providerSignIn.start(name, { redirectUri: idp.redirectUri });
    const query = await idp.authorize(url, account);
    expect(query.state).toBe(state);
    tamper?.(query);
    return { query, result: await h.users.providerSignIn.finish(name, query, { ip: '10.0.0.7' }) };
  };

  it('creates the user in the default group, links the provider, and signs in; unlink removes the link', async () => {
    const { result } = await signIn('idp', 'alice');
    expect(result).toMatchObject({ status: 'ok' });
    const user = h.store.findById('sys.users', (result as { session: { userId: string } }).session.userId)!;
    expect(user.fields).toMatchObject({ email: 'alice@test.com', firstName: 'Alice', lastName: 'Liddell' });
    expect(user.fields.groups).toMatchObject([{ group: 'Group1', primary: true }]);
    expect(user.fields.identityProviders).toMatchObject([{ externalId: 'alice' }]);
    const types = h.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.created', 'user.providerSignedIn', 'user.signedIn']));
    // Signing in again finds the same user through the link.
    const again = await signIn('idp', 'alice');
    expect(again.result).toMatchObject({ status: 'ok', session: { userId: user.id } });
    h.users.removeIdentityProvider(user.id!, 'idp');
    expect(h.store.findById('sys.users', user.id!)!.fields.identityProviders).toEqual([]);
  });

  it('updates names only with allowUserDataUpdate', async () => {
    const user = h.createUser({ email: 'alice@test.com', firstName: 'Old', lastName: 'Name' });
    await signIn('idp', 'alice');
    expect(h.store.findById('sys.users', user.id!)!.fields).toMatchObject({ firstName: 'Alice' });
    // 'closed' has no switches: linked by hand, it signs in but leaves the data alone.
    h.users.addIdentityProvider(user.id!, 'closed', 'alice');
    idp.accounts.get('alice')!.given_name = 'Alicia';
    const { result } = await signIn('closed', 'alice');
    expect(result).toMatchObject({ status: 'ok', session: { userId: user.id } });
    expect(h.store.findById('sys.users', user.id!)!.fields.firstName).toBe('Alice');
    await signIn('idp', 'alice');
    expect(h.store.findById('sys.users', user.id!)!.fields.firstName).toBe('Alicia');
  });

  it('adds the provider to an existing user only with allowProviderAddition, and creates only with allowUserCreation', async () => {
    const user = h.createUser({ email: 'alice@test.com' });
    await expect(signIn('closed', 'alice')).rejects.toMatchObject({
      code: 'forbidden',
      info: { reason: 'providerAdditionDisabled' },
    });
    const { result } = await signIn('idp', 'alice');
    expect(result).toMatchObject({ session: { userId: user.id } });
    expect(h.events.map((e) => e.type)).toContain('user.identityProviderAdded');
    idp.accounts.set('bob', { email: 'bob@test.com', email_verified: true });
    await expect(signIn('closed', 'bob')).rejects.toMatchObject({ info: { reason: 'userCreationDisabled' } });
    expect(
      h.store.db.prepare("SELECT count(*) AS n FROM users_identities WHERE external_id = 'bob'").get(),
    ).toEqual({ n: 0 });
    expect(h.events.filter((e) => e.type === 'user.created')).toHaveLength(1);
  });

  it('refuses tampered or replayed state, a tampered nonce and an invalid code with coded errors', async () => {
    await expect(signIn('idp', 'alice', (q) => (q.state = `${q.state}x`))).rejects.toMatchObject({
      code: 'forbidden',
      info: { reason: 'state' },
    });
    const { query } = await signIn('idp', 'alice');
    await expect(h.users.providerSignIn.finish('idp', query)).rejects.toMatchObject({
      info: { reason: 'state' },
    });
    await expect(signIn('idp', 'alice', (q) => (q.code = `${q.code}x`))).rejects.toMatchObject({
      info: { reason: 'code', providerError: 'invalid_grant' },
    });
    // The nonce in the authorization request is changed: the ID token carries the wrong one.
    const { url } = await h.users.providerSignIn.start('idp', { redirectUri: idp.redirectUri });
    const forged = new URL(url);
    forged.searchParams.set('nonce', 'forged-nonce');
    const q = await idp.authorize(forged.href, 'alice');
    await expect(h.users.providerSignIn.finish('idp', q)).rejects.toMatchObject({
      info: { reason: 'nonce' },
    });
  });

  it('refuses a flow past its lifetime and a code the provider let expire', async () => {
    const { url } = await h.users.providerSignIn.start('idp', { redirectUri: idp.redirectUri });
    const query = await idp.authorize(url, 'alice');
    h.clock.now += 11 * 60_000;
    await expect(h.users.providerSignIn.finish('idp', query)).rejects.toMatchObject({
      info: { reason: 'state' },
    });
    idp.codeTtl.seconds = 1;
    try {
      const started = await h.users.providerSignIn.start('idp', { redirectUri: idp.redirectUri });
      const late = await idp.authorize(started.url, 'alice');
      await new Promise((r) => setTimeout(r, 1100));
      await expect(h.users.providerSignIn.finish('idp', late)).rejects.toMatchObject({
        code: 'forbidden',
        info: { reason: 'code', providerError: 'invalid_grant' },
      });
    } finally {
      idp.codeTtl.seconds = 60;
    }
  });

  it('asks for the second factor when the group requires MFA, as a password sign-in does', async () => {
    const user = h.createUser({ email: 'alice@test.com', groups: [{ group: 'secure', primary: true }] });
    h.users.addIdentityProvider(user.id!, 'idp', 'alice');
    const { result } = await signIn('idp', 'alice');
    expect(result).toMatchObject({ status: 'mfaRequired', enrollment: { secret: expect.any(String) } });
    expect(h.events.map((e) => e.type)).not.toContain('user.signedIn');
  });

  it('refuses unknown providers, providers of another type and insecure redirect URIs with coded errors', async () => {
    await expect(
      h.users.providerSignIn.start('nope', { redirectUri: idp.redirectUri }),
    ).rejects.toMatchObject({
      code: 'notFound',
      message: "providerSignIn.start: no identity provider named 'nope'",
    });
    await expect(
      h.users.providerSignIn.start('slack', { redirectUri: idp.redirectUri }),
    ).rejects.toMatchObject({
      code: 'badRequest',
    });
    await expect(
      h.users.providerSignIn.start('idp', { redirectUri: 'http://example.com/cb' }),
    ).rejects.toMatchObject({ code: 'badRequest' });
  });

  it('refuses blocked accounts like a password sign-in, and keeps no flow secret in plaintext', async () => {
    const user = h.createUser({ email: 'alice@test.com' });
    h.users.addIdentityProvider(user.id!, 'idp', 'alice');
    h.users.block(user.id!);
    await expect(signIn('idp', 'alice')).rejects.toMatchObject({
      code: 'forbidden',
      info: { reason: 'account' },
    });
    expect(h.events.filter((e) => e.type === 'user.signInFailed').at(-1)!.data).toMatchObject({
      reason: 'blocked',
    });
    const { url, state } = await h.users.providerSignIn.start('idp', { redirectUri: idp.redirectUri });
    const verifierless = h.store.db.prepare('SELECT * FROM users_provider_flows').all();
    const dump = JSON.stringify(verifierless);
    expect(dump).not.toContain(state);
    expect(dump).not.toContain(new URL(url).searchParams.get('nonce'));
  });
});
