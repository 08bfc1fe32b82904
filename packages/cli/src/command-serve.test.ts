import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(join(tmpdir(), 'warden-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = async (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

it('warden serve prints the URL and a first admin code that sets a password; the admin then reaches /users', async () => {
  const child = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      '--conditions=@warden/source',
      '--import',
      TSX,
      MAIN,
      'serve',
      '--port',
      '0',
      '--db',
      join(dir, 'w.db'),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  child.stdout.on('data', (c) => (stdout += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await expect.poll(() => /"code":"([^"]+)"/.test(stdout), { timeout: 20_000, interval: 50 }).toBe(true);
    const url = /Warden API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] as string;
    const code = /"code":"([^"]+)"/.exec(stdout)?.[1];
    expect(stdout).toContain('Created admin@warden.local');
    const done = await post(`${url}/auth/password-reset/complete`, { code, password: 'First-admin-pass-1' });
    expect(done.status).toBe(200);
    const signIn = (await (
      await post(`${url}/auth/sign-in`, { email: 'admin@warden.local', password: 'First-admin-pass-1' })
    ).json()) as { status: string; session: { token: string } };
    expect(signIn.status).toBe('ok');
    const users = await fetch(`${url}/users`, {
      headers: { authorization: `Bearer ${signIn.session.token}` },
    });
    expect(users.status).toBe(200);
    expect(((await users.json()) as { total: number }).total).toBe(1);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
