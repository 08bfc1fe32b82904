import { join } from 'node:path';
import { createServer, type Listening, listen } from '@warden/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLES, type TestRuntime } from '../support/test-runtime.js';

const PASSWORD = 'Correct-horse-1';
let w: TestRuntime;
let server: Listening;
let token: string;

async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

beforeAll(async () => {
  w = await createTestRuntime({ app: join(EXAMPLES, 'help-desk', 'app.json') });
  await w.store.insert('sys.users', {
    firstName: 'Sue',
    lastName: 'X',
    email: 'sue@desk.io',
    authentication: { generatePassword: false, passwordExpired: false, password: PASSWORD },
    groups: [{ group: 'supervisors', primary: true }],
  });
  server = await listen(createServer(w, { admin: { group: 'supervisors' }, maxBodyBytes: 64 * 1024 }));
  const session = (await w.users.signIn('sue@desk.io', PASSWORD)) as { session: { token: string } };
  token = session.session.token;
});
afterAll(async () => {
  await server?.close();
  await w?.dispose();
});

describe('HTTP API against hostile input', () => {
  it('prototype-pollution keys are refused at any depth and pollute nothing', async () => {
    const bodies = [
      '{"__proto__":{"polluted":1},"title":"a"}',
      '{"title":"a","nested":{"constructor":{"prototype":{"polluted":1}}}}',
      '{"title":"a","list":[{"__proto__":{"polluted":1}}]}',
    ];
    for (const body of bodies) {
      const r = await send('POST', '/records/tickets', body);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text).code).toBe('badRequest');
      expect((await send('POST', '/users', body)).status).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await w.store.count('tickets')).toBe(0);
    const filter = await send('GET', '/records/tickets?__proto__=x&constructor=y');
    expect([200, 400]).toContain(filter.status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('path traversal and odd entity names are refused as bad input, never a 500', async () => {
    const paths = [
      '/records/..%2F..%2Fetc%2Fpasswd',
      '/records/..%2Fapp.db',
      '/records/tickets%00',
      '/records/sys.users%2F..%2F..',
      "/records/tickets';DROP TABLE rec_tickets;--",
      '/records/%E2%80%AEtickets',
      `/records/${'a'.repeat(5000)}`,
      '/records/tickets/..%2F..%2Fx',
    ];
    for (const path of paths) {
      const r = await send('GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.status, path).toBeLessThan(500);
      expect(r.type, path).toContain('application/problem+json');
      expect(r.text).not.toMatch(/SELECT|rec_tickets"|\/tmp\//);
    }
    expect(await w.store.count('tickets')).toBe(0);
  });

  it('deeply nested JSON, wrong content types and broken tokens get problem details', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const r = await send('POST', '/records/tickets', deep);
    expect(r.status).toBe(400);
    const form = await send('POST', '/auth/sign-in', 'email=a&password=b', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(JSON.parse(form.text)).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
    const forged = await send('GET', '/records/tickets', undefined, {
      authorization: `Bearer ${'A'.repeat(5000)}`,
    });
    expect(forged.status).toBe(401);
    const control = await send('GET', '/records/tickets', undefined, { authorization: 'Bearer a\tb' });
    expect(control.status).toBe(401);
  });

  it('(last: the server closes the connection) an oversized body is refused with 413 problem details before it is parsed', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(200 * 1024) });
    for (const path of ['/records/tickets', '/auth/sign-in', '/scripts/run']) {
      const r = await send('POST', path, big);
      expect(r.status).toBe(413);
      expect(r.type).toContain('application/problem+json');
    }
    expect(await w.store.count('tickets')).toBe(0);
  });
});
