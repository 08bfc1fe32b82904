import { pbkdf2, pbkdf2Sync, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { verify as argon2Verify, verifySync as argon2VerifySync } from '@node-rs/argon2';
import { badRequest } from '@warden/sys-api';
import bcrypt from 'bcryptjs';
import type BetterSqlite3 from 'better-sqlite3';
import type { PasswordHasher } from './password-hasher.js';

/**
 * Password hashes made by other systems, accepted on import and checked at the user's first
 * sign-in, after which the credential store re-hashes the password with Warden's scrypt
 * (`needsRehash` is true for every foreign hash):
 * - bcrypt `$2a$`, `$2b$`, `$2y$` (bcryptjs);
 * - argon2 `$argon2id$`, `$argon2i$`, `$argon2d$` in PHC form (@node-rs/argon2);
 * - PBKDF2 as Django writes it, `pbkdf2_sha256$<iterations>$<salt>$<base64 key>` (sha1, sha512
 *   too), and in PHC/passlib form, `$pbkdf2-sha256$<iterations>$<salt>$<key>` with passlib's
 *   adapted base64 (`.` for `+`, no padding);
 * - scrypt in PHC/passlib form, `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<key>`, in standard or
 *   adapted base64 (Warden's own hashes are this form in standard base64).
 */
export type ForeignScheme = 'bcrypt' | 'argon2' | 'pbkdf2' | 'scrypt';

const BCRYPT = /^\$2[aby]\$(\d\d)\$[./A-Za-z0-9]{53}$/;
const ARGON2 = /^\$argon2(id|i|d)\$(v=\d+\$)?m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;
const DJANGO = /^pbkdf2_(sha1|sha256|sha512)\$(\d{1,8})\$([^$]{1,128})\$([A-Za-z0-9+/]+={0,2})$/;
const PASSLIB_PBKDF2 = /^\$pbkdf2(?:-(sha256|sha512))?\$(\d{1,8})\$([./A-Za-z0-9]+)\$([./A-Za-z0-9]+)$/;
const SCRYPT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([./+A-Za-z0-9]+={0,2})\$([./+A-Za-z0-9]+={0,2})$/;

/** Warden's own scrypt form (standard base64), which the inner hasher reads itself. */
const OWN_FORM = /^\$scrypt\$ln=\d{1,2},r=\d{1,3},p=\d{1,3}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

/** Costs beyond these are refused: an imported row must not make a sign-in take minutes or gigabytes. */
const MAX = { bcrypt: 16, pbkdf2: 10_000_000, argon2MemKiB: 1 << 20, argon2Time: 32, scryptLn: 20 };

/** Passlib's adapted base64: `.` stands for `+`, padding left out. */
const ab64 = (text: string) => Buffer.from(text.replace(/\./g, '+'), 'base64');

interface Derivation {
  digest: string;
  iterations: number;
  salt: Buffer;
  key: Buffer;
}

function pbkdf2Of(hash: string): Derivation | null {
  const d = DJANGO.exec(hash);
  if (d)
    return {
      digest: d[1]!,
      iterations: Number(d[2]),
      salt: Buffer.from(d[3]!, 'utf8'),
      key: Buffer.from(d[4]!, 'base64'),
    };
  const p = PASSLIB_PBKDF2.exec(hash);
  if (p) return { digest: p[1] ?? 'sha1', iterations: Number(p[2]), salt: ab64(p[3]!), key: ab64(p[4]!) };
  return null;
}

function scryptOf(hash: string) {
  const m = SCRYPT.exec(hash);
  if (!m) return null;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = ab64(m[4]!);
  const key = ab64(m[5]!);
  const N = 2 ** ln;
  return { N, r, p, salt, key, maxmem: 128 * N * r * p + 32 * 1024 * 1024, ln };
}

/** The scheme of a foreign hash, or null (Warden's own hashes are scrypt too). */
export function foreignScheme(hash: string): ForeignScheme | null {
  if (BCRYPT.test(hash)) return 'bcrypt';
  if (ARGON2.test(hash)) return 'argon2';
  if (pbkdf2Of(hash)) return 'pbkdf2';
  if (SCRYPT.test(hash)) return 'scrypt';
  return null;
}

/** Why `hash` cannot be imported (unknown form, cost out of bounds), or null when it can. */
export function foreignHashProblem(hash: unknown): string | null {
  if (typeof hash !== 'string') return `must be a string, got ${typeof hash}`;
  const scheme = foreignScheme(hash);
  if (!scheme) return 'is not a bcrypt, argon2, PBKDF2 or scrypt hash in a form Warden reads';
  if (scheme === 'bcrypt' && Number(BCRYPT.exec(hash)![1]) > MAX.bcrypt)
    return `has a bcrypt cost over ${MAX.bcrypt}`;
  if (scheme === 'argon2') {
    const m = ARGON2.exec(hash)!;
    if (Number(m[3]) > MAX.argon2MemKiB || Number(m[4]) > MAX.argon2Time)
      return 'has argon2 costs over 1 GiB or 32 passes';
  }
  if (scheme === 'pbkdf2' && pbkdf2Of(hash)!.iterations > MAX.pbkdf2)
    return `has more than ${MAX.pbkdf2} PBKDF2 iterations`;
  if (scheme === 'scrypt' && scryptOf(hash)!.ln > MAX.scryptLn)
    return `has an scrypt cost over 2^${MAX.scryptLn}`;
  return null;
}

const same = (a: Buffer, b: Buffer) => a.length === b.length && a.length > 0 && timingSafeEqual(a, b);

function verifySync(password: string, hash: string): boolean {
  switch (foreignScheme(hash)) {
    case 'bcrypt':
      return bcrypt.compareSync(password, hash);
    case 'argon2':
      return argon2VerifySync(hash, password);
    case 'pbkdf2': {
      const d = pbkdf2Of(hash)!;
      return same(pbkdf2Sync(password, d.salt, d.iterations, d.key.length, d.digest), d.key);
    }
    case 'scrypt': {
      const s = scryptOf(hash)!;
      return same(scryptSync(password, s.salt, s.key.length, s), s.key);
    }
    default:
      return false;
  }
}

async function verifyAsync(password: string, hash: string): Promise<boolean> {
  switch (foreignScheme(hash)) {
    case 'bcrypt':
      return bcrypt.compare(password, hash);
    case 'argon2':
      return argon2Verify(hash, password);
    case 'pbkdf2': {
      const d = pbkdf2Of(hash)!;
      const key = await new Promise<Buffer>((ok, no) =>
        pbkdf2(password, d.salt, d.iterations, d.key.length, d.digest, (e, k) => (e ? no(e) : ok(k))),
      );
      return same(key, d.key);
    }
    case 'scrypt': {
      const s = scryptOf(hash)!;
      const key = await new Promise<Buffer>((ok, no) =>
        scrypt(password, s.salt, s.key.length, s, (e, k) => (e ? no(e) : ok(k))),
      );
      return same(key, s.key);
    }
    default:
      return false;
  }
}

/**
 * `hasher` that also verifies foreign hashes (bounded costs only) and asks for every one of them
 * to be re-hashed: the credential store then replaces it with Warden's own at that sign-in.
 */
export function acceptForeignHashes(hasher: PasswordHasher): PasswordHasher {
  const foreign = (hash: unknown): hash is string =>
    typeof hash === 'string' && !OWN_FORM.test(hash) && foreignHashProblem(hash) === null;
  return {
    hash: (password) => hasher.hash(password),
    verify: (password, encoded) =>
      foreign(encoded)
        ? typeof password === 'string' && verifySync(password, encoded)
        : hasher.verify(password, encoded),
    needsRehash: (encoded) => foreign(encoded) || hasher.needsRehash(encoded),
    ...(hasher.hashAsync ? { hashAsync: (password: string) => hasher.hashAsync!(password) } : {}),
    async verifyAsync(password, encoded) {
      if (foreign(encoded)) return typeof password === 'string' && verifyAsync(password, encoded);
      return hasher.verifyAsync ? hasher.verifyAsync(password, encoded) : hasher.verify(password, encoded);
    },
  };
}

/**
 * Stores an imported hash as the user's password credential (replacing any), in the caller's
 * transaction; `badRequest` naming the row's problem when the hash is not one Warden reads.
 */
export function importPasswordHash(db: BetterSqlite3.Database, userId: string, hash: unknown): void {
  const problem = foreignHashProblem(hash);
  if (problem) throw badRequest(`importRecords: passwordHash ${problem}`);
  db.prepare(
    `INSERT INTO users_credentials (user_id, hash, password_expired, updated_at) VALUES (?, ?, 0, ?)
     ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, password_expired = 0, updated_at = excluded.updated_at`,
  ).run(userId, hash as string, Date.now());
}
