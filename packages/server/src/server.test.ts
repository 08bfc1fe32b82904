import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Listening, listen } from './index.js';

const HELP_DESK = join(import.meta.dirname, '..', '..', '..', 'scripts-examples', 'help-desk', 'app.json');
const PASSWORD = 'Correct-horse-1';

let dir: string;
let runtime: Runtime;
let server: Listening;
let limited: Listening;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

/** One request over real HTTP: status, content type and parsed body. */
async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; base?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${options.base ?? server.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : null,
    headers: res.headers,
  };
}

const signIn = async (email: string) => {
  const r = await call('POST', '/auth/sign-in', { body: { email, password: PASSWORD } });
  expect(r.body).toMatchObject({ status: 'ok' });
  return r.body.session.token as string;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warden-server-'));
  runtime = await createRuntime({
    database: join(dir, 'app.db'),
    app: HELP_DESK,
    executor: { workers: 1 },
    passwords: { ln: 12 },
    mail: { dispatch: false },
  });
  const user = async (name: string, groups: string[]) =>
    (
      await runtime.store.insert('sys.users', {
        firstName: name,
        lastName: 'X',
        email: `${name}@desk.io`,
        authentication: { generatePassword: false, passwordExpired: false, password: PASSWORD },
        groups: groups.map((group, i) => ({ group, primary: i === 0 })),
      })
    ).id as string;
  ids.sue = await user('sue', ['supervisors']);
  ids.ann = await user('ann', ['agents']);
  ids.bob = await user('bob', ['agents']);
  ids.red = (await runtime.store.insert('teams', { name: 'red' })).id as string;
  const ticket = async (title: string, assignee: string) =>
    (
      await runtime.store.insert('tickets', {
        title,
        assignee,
        team: ids.red,
        internalNotes: `secret ${title}`,
      })
    ).id as string;
  ids.annTicket = await ticket('ann-1', ids.ann);
  ids.bobTicket = await ticket('bob-1', ids.bob);
  const app = createServer(runtime, { admin: { group: 'supervisors' }, rateLimit: { limit: 1000 } });
  server = await listen(app, { port: 0 });
  limited = await listen(createServer(runtime, { rateLimit: { limit: 3, windowMs: 60_000 } }), { port: 0 });
  tokens.sue = await signIn('sue@desk.io');
  tokens.ann = await signIn('ann@desk.io');
});
afterAll(async () => {
  await server?.close();
  await limited?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('auth routes', () => {
  it('sign-in answers a session; a wrong password is a 401 problem with the Warden code', async () => {
    const ok = await call('POST', '/auth/sign-in', { body: { email: 'bob@desk.io', password: PASSWORD } });
    expect(ok.body).toMatchObject({ status: 'ok', session: { userId: ids.bob } });
    const bad = await call('POST', '/auth/sign-in', { body: { email: 'bob@desk.io', password: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.type).toContain('application/problem+json');
    expect(bad.body).toMatchObject({ status: 401, code: 'forbidden', type: 'urn:warden:error:forbidden' });
  });
  it('bad input is a 400 problem naming the field', async () => {
    const r = await call('POST', '/auth/sign-in', { body: { email: 42 } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('badRequest');
    expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['email', 'password']),
    );
    const notJson = await call('POST', '/auth/sign-in', { body: '{nope' });
    expect([400]).toContain(notJson.status);
    expect(notJson.type).toContain('application/problem+json');
  });
  it('refresh rotates the pair; sign-out ends the session (its token then gets 401)', async () => {
    const first = await call('POST', '/auth/sign-in', { body: { email: 'bob@desk.io', password: PASSWORD } });
    const next = await call('POST', '/auth/refresh', {
      body: { refreshToken: first.body.session.refreshToken },
    });
    expect(next.status).toBe(200);
    expect(next.body.token).not.toBe(first.body.session.token);
    const reused = await call('POST', '/auth/refresh', {
      body: { refreshToken: first.body.session.refreshToken },
    });
    expect(reused.status).toBe(401);
    const token = (
      await call('POST', '/auth/sign-in', { body: { email: 'bob@desk.io', password: PASSWORD } })
    ).body.session.token;
    expect((await call('GET', '/records/tickets', { token })).status).toBe(200);
    expect((await call('POST', '/auth/sign-out', { token, body: {} })).status).toBe(200);
    expect((await call('GET', '/records/tickets', { token })).status).toBe(401);
    expect((await call('POST', '/auth/sign-out', { body: {} })).status).toBe(401);
  });
  it('password reset: request always accepted, the mailed code completes it', async () => {
    expect(
      (await call('POST', '/auth/password-reset/request', { body: { email: 'nobody@desk.io' } })).body,
    ).toEqual({ accepted: true });
    const { resetCode } = await runtime.users.resetPassword(ids.bob as string);
    const done = await call('POST', '/auth/password-reset/complete', {
      body: { code: resetCode, password: 'Another-pass-2' },
    });
    expect(done.status).toBe(200);
    const r = await call('POST', '/auth/sign-in', {
      body: { email: 'bob@desk.io', password: 'Another-pass-2' },
    });
    expect(r.body.status).toBe('ok');
    const wrong = await call('POST', '/auth/password-reset/complete', {
      body: { code: 'x'.repeat(20), password: 'Another-pass-3' },
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.body.code).toBeTypeOf('string');
  });
  it('every unauthenticated route is rate limited per address (429 problem)', async () => {
    for (const path of [
      '/auth/sign-in',
      '/auth/refresh',
      '/auth/password-reset/request',
      '/auth/password-reset/complete',
    ]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await call('POST', path, { base: limited.url, body: {} })).status);
      expect(statuses.slice(0, 3)).not.toContain(429);
      const last = await call('POST', path, { base: limited.url, body: {} });
      expect(last.status).toBe(429);
      expect(last.body.status).toBe(429);
      expect(last.type).toContain('application/problem+json');
    }
  });
});

describe('user administration routes', () => {
  it('need a bearer token (401) and an administrator (403)', async () => {
    const none = await call('GET', '/users');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('forbidden');
    const agent = await call('GET', '/users', { token: tokens.ann });
    expect(agent.status).toBe(403);
    expect(agent.type).toContain('application/problem+json');
    expect((await call('GET', '/admin/outbox', { token: tokens.ann })).status).toBe(403);
  });
  it('list and search, get, create', async () => {
    const all = await call('GET', '/users?limit=2', { token: tokens.sue });
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    const found = await call('GET', '/users?q=ann', { token: tokens.sue });
    expect(found.body.items.map((u: { fields: { email: string } }) => u.fields.email)).toEqual([
      'ann@desk.io',
    ]);
    expect((await call('GET', '/users?q=a(b', { token: tokens.sue })).status).toBe(400);
    expect((await call('GET', `/users/${ids.ann}`, { token: tokens.sue })).body.id).toBe(ids.ann);
    const missing = await call('GET', '/users/01a249f5-0000-7000-8000-000000000000', { token: tokens.sue });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('notFound');
    const made = await call('POST', '/users', {
      token: tokens.sue,
      body: {
        firstName: 'Cy',
        lastName: 'X',
        email: 'cy@desk.io',
        authentication: { generatePassword: false, passwordExpired: false, password: PASSWORD },
        groups: [{ group: 'agents', primary: true }],
      },
    });
    expect(made.status).toBe(200);
    ids.cy = made.body.id;
    const invalid = await call('POST', '/users', { token: tokens.sue, body: { firstName: 'No email' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.code).toBe('validationErrors');
    expect(invalid.body.errors.length).toBeGreaterThan(0);
  });
  it('deactivate ends sessions, activate restores sign-in; groups added and removed', async () => {
    const cyToken = await signIn('cy@desk.io');
    expect((await call('GET', `/users/${ids.cy}/sessions`, { token: tokens.sue })).body).toHaveLength(1);
    expect(
      (await call('POST', `/users/${ids.cy}/deactivate`, { token: tokens.sue })).body.fields.status,
    ).toBe('INACTIVE');
    expect((await call('GET', '/records/tickets', { token: cyToken })).status).toBe(401);
    expect((await call('POST', `/users/${ids.cy}/activate`, { token: tokens.sue })).body.fields.status).toBe(
      'ACTIVE',
    );
    const added = await call('POST', `/users/${ids.cy}/groups`, {
      token: tokens.sue,
      body: { group: 'supervisors' },
    });
    expect(added.body.fields.groups.length).toBe(2);
    const removed = await call('DELETE', `/users/${ids.cy}/groups/supervisors`, { token: tokens.sue });
    expect(removed.body.fields.groups.length).toBe(1);
    const again = await signIn('cy@desk.io');
    expect((await call('DELETE', `/users/${ids.cy}/sessions`, { token: tokens.sue })).body.revoked).toBe(1);
    expect((await call('GET', '/records/tickets', { token: again })).status).toBe(401);
  });
});

describe('record routes run as the caller with access rules enforced', () => {
  it('an agent lists only their tickets, without hidden fields; filters and paging', async () => {
    const mine = await call('GET', '/records/tickets', { token: tokens.ann });
    expect(mine.body.total).toBe(1);
    expect(mine.body.items[0].id).toBe(ids.annTicket);
    expect(mine.body.items[0].internalNotes).toBeNull();
    const all = await call('GET', '/records/tickets?_size=1&_sortField=title', { token: tokens.sue });
    expect(all.body.total).toBe(2);
    expect(all.body.items).toHaveLength(1);
    const filtered = await call('GET', '/records/tickets?title=bob-1', { token: tokens.sue });
    expect(filtered.body.items.map((t: { id: string }) => t.id)).toEqual([ids.bobTicket]);
    expect((await call('GET', '/records/tickets?_size=5000', { token: tokens.sue })).status).toBe(400);
  });
  it("another's record is a 404 for an agent; get, create, patch and delete", async () => {
    expect((await call('GET', `/records/tickets/${ids.bobTicket}`, { token: tokens.ann })).status).toBe(404);
    expect((await call('GET', `/records/tickets/${ids.annTicket}`, { token: tokens.ann })).body.title).toBe(
      'ann-1',
    );
    const made = await call('POST', '/records/tickets', {
      token: tokens.ann,
      body: { title: 'ann-2', assignee: ids.ann, team: ids.red },
    });
    expect(made.status).toBe(200);
    const notMine = await call('POST', '/records/tickets', {
      token: tokens.ann,
      body: { title: 'x', assignee: ids.bob, team: ids.red },
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.code).toBe('forbidden');
    const patched = await call('PATCH', `/records/tickets/${made.body.id}`, {
      token: tokens.ann,
      body: { title: 'ann-2b' },
    });
    expect(patched.body.title).toBe('ann-2b');
    expect(
      (await call('PATCH', `/records/tickets/${ids.bobTicket}`, { token: tokens.ann, body: { title: 'z' } }))
        .status,
    ).toBe(404);
    expect((await call('DELETE', `/records/tickets/${made.body.id}`, { token: tokens.ann })).status).toBe(
      403,
    );
    expect((await call('DELETE', `/records/tickets/${made.body.id}`, { token: tokens.sue })).status).toBe(
      200,
    );
    expect((await call('GET', `/records/tickets/${made.body.id}`, { token: tokens.sue })).status).toBe(404);
    expect((await call('GET', '/records/tickets')).status).toBe(401);
    const unknown = await call('GET', '/records/nothing', { token: tokens.sue });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('badRequest');
  });
});

describe('scripts and admin routes', () => {
  it('runs a script as the caller for an administrator; an agent without the permission gets 403', async () => {
    const r = await call('POST', '/scripts/run', {
      token: tokens.sue,
      body: { source: 'log("hi " + n); return sys.context.getCurrentUser().email()', params: { n: 1 } },
    });
    expect(r.status).toBe(200);
    expect(r.body.value).toBe('sue@desk.io');
    expect(r.body.logs[0].message).toBe('hi 1');
    expect(
      (await call('POST', '/scripts/run', { token: tokens.ann, body: { source: 'return 1' } })).status,
    ).toBe(403);
    const failed = await call('POST', '/scripts/run', {
      token: tokens.sue,
      body: { source: 'sys.data.findById(1)' },
    });
    expect(failed.status).toBe(400);
    expect(failed.body.code).toBe('badRequest');
    expect((await call('POST', '/scripts/run', { token: tokens.sue, body: {} })).status).toBe(400);
  });
  it('hook failures and the outbox for administrators', async () => {
    await runtime.users.resetPassword(ids.ann as string, { notifyUser: true });
    const outbox = await call('GET', '/admin/outbox', { token: tokens.sue });
    expect(outbox.status).toBe(200);
    expect(outbox.body.items.length).toBeGreaterThan(0);
    expect((await call('GET', '/admin/outbox?state=weird', { token: tokens.sue })).status).toBe(400);
    const failures = await call('GET', '/admin/hook-failures', { token: tokens.sue });
    expect(failures.body).toEqual({ items: [] });
  });
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/auth/sign-in',
        '/users/{id}/groups',
        '/records/{entity}/{id}',
        '/scripts/run',
        '/admin/outbox',
      ]),
    );
    expect(
      doc.body.paths['/auth/sign-in'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'password']);
  });
  it('CORS admits only configured origins', async () => {
    const app = createServer(runtime, { corsOrigins: ['https://ok.example'] });
    const pre = (origin: string) =>
      app.request('/auth/sign-in', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect((await pre('https://ok.example')).headers.get('access-control-allow-origin')).toBe(
      'https://ok.example',
    );
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
