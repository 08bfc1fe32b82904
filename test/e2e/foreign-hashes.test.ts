import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import { hashSync as argon2Hash } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

const PASSWORD = 'Imported-pass-7';
/** Passlib's adapted base64: `.` for `+`, no padding. */
const ab64 = (b: Buffer) => b.toString('base64').replace(/\+/g, '.').replace(/=+$/, '');

/** One hash per scheme and encoding, each made by the library that scheme's systems use. */
function foreignHashes(): Record<string, string> {
  const b = bcrypt.hashSync(PASSWORD, 4);
  const salt = randomBytes(16);
  // A salt with a '+' in standard base64, so that passlib's '.' is exercised.
  const plusSalt = Buffer.from('fb'.repeat(8), 'hex');
  return {
    bcrypt2b: b,
    bcrypt2a: b.replace(/^\$2b\$/, '$2a$'),
    bcrypt2y: b.replace(/^\$2b\$/, '$2y$'),
    argon2id: argon2Hash(PASSWORD, { memoryCost: 1024, timeCost: 2, parallelism: 1 }),
    django: `pbkdf2_sha256$1000$${salt.toString('hex').slice(0, 12)}$${pbkdf2Sync(PASSWORD, salt.toString('hex').slice(0, 12), 1000, 32, 'sha256').toString('base64')}`,
    passlibPbkdf2: `$pbkdf2-sha256$1000$${ab64(plusSalt)}$${ab64(pbkdf2Sync(PASSWORD, plusSalt, 1000, 32, 'sha256'))}`,
    scrypt: `$scrypt$ln=4,r=8,p=1$${ab64(plusSalt)}$${ab64(scryptSync(PASSWORD, plusSalt, 32, { N: 16, r: 8, p: 1 }))}`,
  };
}

let w: TestRuntime;
let hashes: Record<string, string>;
beforeAll(async () => {
  w = await createTestRuntime();
  hashes = foreignHashes();
  const lines = Object.entries(hashes).map(([scheme, passwordHash]) =>
    JSON.stringify({ firstName: scheme, lastName: 'Imported', email: `${scheme}@old.io`, passwordHash }),
  );
  const report = await w.store.importRecords('sys.users', lines.join('\n'), { format: 'jsonl' });
  expect(report).toMatchObject({ imported: lines.length, skipped: 0 });
});
afterAll(() => w?.dispose());

const storedHash = (email: string) =>
  w.store.db
    .prepare(
      "SELECT c.hash FROM users_credentials c JOIN rec_sys_users u ON u.id = c.user_id WHERE json_extract(u.data, '$.email') = ?",
    )
    .pluck()
    .get(email) as string;

describe('users imported with foreign password hashes', () => {
  it.each(['bcrypt2b', 'bcrypt2a', 'bcrypt2y', 'argon2id', 'django', 'passlibPbkdf2', 'scrypt'])(
    '%s: accepted at the first sign-in, then re-hashed with Warden’s scheme',
    async (scheme) => {
      const email = `${scheme}@old.io`;
      expect(storedHash(email)).toBe(hashes[scheme]);
      // A wrong password neither signs in nor upgrades the hash.
      await expect(w.users.signIn(email, 'Wrong-pass-7')).rejects.toMatchObject({ code: 'forbidden' });
      expect(storedHash(email)).toBe(hashes[scheme]);
      const first = await w.users.signIn(email, PASSWORD);
      expect(first.status).toBe('ok');
      const upgraded = storedHash(email);
      expect(upgraded).not.toBe(hashes[scheme]);
      expect(upgraded).toMatch(/^\$scrypt\$ln=12,r=8,p=1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
      expect((await w.users.signIn(email, PASSWORD)).status).toBe('ok');
      expect(storedHash(email)).toBe(upgraded);
    },
  );

  it('a script checks a foreign hash synchronously (updatePassword’s current password) and replaces it', async () => {
    const line = JSON.stringify({
      firstName: 'Script',
      lastName: 'User',
      email: 'script@old.io',
      passwordHash: bcrypt.hashSync(PASSWORD, 4),
    });
    await w.store.importRecords('sys.users', line, { format: 'jsonl' });
    await w.run(
      `const u = sys.data.findOne('sys.users', {email: 'script@old.io'});
       sys.users.updatePassword(u, {currentPassword: '${PASSWORD}', newPassword: 'Brand-new-pass-8'});`,
    );
    expect(storedHash('script@old.io')).toMatch(/^\$scrypt\$/);
    expect((await w.users.signIn('script@old.io', 'Brand-new-pass-8')).status).toBe('ok');
  });

  it('a CSV of users with an unreadable or too costly hash reports the row and imports the rest', async () => {
    const csv = [
      'firstName,lastName,email,passwordHash',
      `Good,One,good@old.io,${bcrypt.hashSync(PASSWORD, 4)}`,
      'Bad,Two,bad@old.io,md5$abc$def',
      `Slow,Three,slow@old.io,${bcrypt.hashSync(PASSWORD, 4).replace('$04$', '$20$')}`,
    ].join('\n');
    const report = await w.store.importRecords('sys.users', csv, { format: 'csv', mode: 'skipBadRows' });
    expect(report.imported).toBe(1);
    expect(report.errors.map((e) => [e.line, e.message])).toEqual([
      [3, 'passwordHash is not a bcrypt, argon2, PBKDF2 or scrypt hash in a form Warden reads'],
      [4, 'passwordHash has a bcrypt cost over 16'],
    ]);
    expect(await w.store.count('sys.users', { email: 'bad@old.io' })).toBe(0);
    expect((await w.users.signIn('good@old.io', PASSWORD)).status).toBe('ok');
  });
});
