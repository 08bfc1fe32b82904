import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WardenEvent } from '@warden/sys-api';
import { type OidcFixture, startOidcProvider } from '@warden/users/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLES, type TestRuntime } from '../support/test-runtime.js';

// scripts-examples/sso end to end: runtime.users.providerSignIn against a real OpenID provider on
// loopback (the HTTP calls run in this process), the example hook in a real isolate.
describe('provider sign-in through runtime.users with the sso example', () => {
  let idp: OidcFixture;
  let w: TestRuntime;
  let dir: string;
  const events: WardenEvent[] = [];

  beforeAll(async () => {
    idp = await startOidcProvider();
    // The example with this provider's loopback issuer, in a folder of its own.
    dir = mkdtempSync(join(tmpdir(), 'warden-sso-'));
    cpSync(join(EXAMPLES, 'sso'), dir, { recursive: true });
    const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
    Object.assign(app.identityProviders[0].settings, { issuer: idp.issuer, clientId: idp.clientId });
    writeFileSync(join(dir, 'app.json'), JSON.stringify(app));
    w = await createTestRuntime({
      app: join(dir, 'app.json'),
      providers: { secrets: { company: idp.clientSecret } },
      users: { secretKey: 'sso-example-secret-key-0123456789abcdef', accessTokens: { audience: 'demo' } },
    });
    w.on('*', (e) => {
      if (e.type.startsWith('user.')) events.push(e);
    });
  });
  afterAll(async () => {
    await w.dispose();
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (account: string) => {
    const { url } = await w.users.providerSignIn.start('company', { redirectUri: idp.redirectUri });
    const query = await idp.authorize(url, account);
    const result = await w.users.providerSignIn.finish('company', query, { ip: '198.51.100.4' });
    await w.hooks.drain();
    if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}`);
    return result.session;
  };
  const groups = async (id: string) =>
    ((await w.store.findById('sys.users', id))!.fields.groups as { group: string; primary: boolean }[]).map(
      (g) => `${g.group}${g.primary ? '*' : ''}`,
    );

  it('creates the user in staff, and the hook follows the groups claim at each sign-in', async () => {
    idp.accounts.set('grace', {
      email: 'grace@example.com',
      email_verified: true,
      given_name: 'Grace',
      family_name: 'Hopper',
      groups: ['support', 'not-an-app-group'],
    });
    const session = await signIn('grace');
    expect(session.accessToken).toEqual(expect.any(String));
    expect(await groups(session.userId)).toEqual(['staff*', 'support']);
    expect(events.find((e) => e.type === 'user.providerSignedIn')?.data).toMatchObject({
      provider: 'company',
      externalId: 'grace',
      claims: { email: 'grace@example.com', groups: ['support', 'not-an-app-group'] },
    });
    idp.accounts.get('grace')!.groups = ['admins'];
    const again = await signIn('grace');
    expect(again.userId).toBe(session.userId);
    expect(await groups(session.userId)).toEqual(['staff*', 'admins']);
    expect(w.hooks.failures()).toEqual([]);
    // A blocked account is refused like a password sign-in, and the committed failure reaches listeners.
    await w.users.block(session.userId);
    await expect(signIn('grace')).rejects.toMatchObject({ code: 'forbidden', info: { reason: 'account' } });
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'user.signInFailed'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(events.find((e) => e.type === 'user.signInFailed')?.data).toMatchObject({
      reason: 'blocked',
      provider: 'company',
    });
    await w.users.activate(session.userId);
    // Unlinking is today's removeIdentityProvider; the next sign-in may not re-link (addition off).
    await w.users.removeIdentityProvider(session.userId, 'company');
    await expect(signIn('grace')).rejects.toMatchObject({
      code: 'forbidden',
      info: { reason: 'providerAdditionDisabled' },
    });
  });
});
