import type BetterSqlite3 from 'better-sqlite3';
import type { PasswordHasher } from './password-hasher.js';

/** Password credentials by user id: only hashes, never plaintext. */
export interface CredentialStore {
  /** True when the user has a password. */
  has(userId: string): boolean;
  /** Hashes and stores `password`, replacing any earlier one. */
  set(userId: string, password: string, options: { expired: boolean }): void;
  /** True when `password` is the user's; rehashes when the hasher's parameters changed. */
  verify(userId: string, password: string): boolean;
  /** Whether the user must set a new password at next sign-in (false without a password). */
  isExpired(userId: string): boolean;
  setExpired(userId: string, expired: boolean): void;
  remove(userId: string): void;
  /** The stored hash, or null: for a check made outside any transaction (`signInAsync`). */
  hashOf(userId: string): string | null;
  /** Replaces the hash of the same password (a rehash at new parameters). */
  replaceHash(userId: string, hash: string): void;
  /** The hash that unknown accounts are checked against, so that timing tells nothing. */
  decoy(): Promise<string>;
  /** When the password was last set (epoch ms; not a rehash), or null without a password. */
  changedAt(userId: string): number | null;
  /** Stores a hash made outside the transaction (sign-up hashes off-thread). */
  setHash(userId: string, hash: string, options: { expired: boolean }): void;
}

interface Row {
  hash: string;
  password_expired: number;
}

/** Credentials in `users_credentials`, on the store's connection so writes join its transaction. */
export function createCredentialStore(
  db: BetterSqlite3.Database,
  hasher: PasswordHasher,
  now: () => number,
): CredentialStore {
  db.exec(`CREATE TABLE IF NOT EXISTS users_credentials (
    user_id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    password_expired INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
  )`);
  // Password age (`passwordPolicy.expirationDays`); rows written before fall back to updated_at.
  const columns = db.prepare('PRAGMA table_info(users_credentials)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'changed_at'))
    db.exec('ALTER TABLE users_credentials ADD COLUMN changed_at INTEGER');
  const changed = db.prepare<[string], { at: number }>(
    'SELECT coalesce(changed_at, updated_at) AS at FROM users_credentials WHERE user_id = ?',
  );
  const select = db.prepare<[string], Row>(
    'SELECT hash, password_expired FROM users_credentials WHERE user_id = ?',
  );
  const upsert = db.prepare<[string, string, number, number, number]>(
    `INSERT INTO users_credentials (user_id, hash, password_expired, updated_at, changed_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, password_expired = excluded.password_expired,
       updated_at = excluded.updated_at, changed_at = excluded.changed_at`,
  );
  const rehash = db.prepare<[string, number, string]>(
    'UPDATE users_credentials SET hash = ?, updated_at = ? WHERE user_id = ?',
  );
  const expire = db.prepare<[number, number, string]>(
    'UPDATE users_credentials SET password_expired = ?, updated_at = ? WHERE user_id = ?',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_credentials WHERE user_id = ?');
  let decoy: string | null = null;
  let decoyAsync: Promise<string> | null = null;

  return {
    has: (userId) => select.get(userId) !== undefined,
    set(userId, password, { expired }) {
      const t = now();
      upsert.run(userId, hasher.hash(password), expired ? 1 : 0, t, t);
    },
    verify(userId, password) {
      const row = select.get(userId);
      if (!row) {
        // Spend the same time as a real check, so timing does not tell who has a password.
        decoy ??= hasher.hash('decoy password');
        hasher.verify(password, decoy);
        return false;
      }
      if (!hasher.verify(password, row.hash)) return false;
      if (hasher.needsRehash(row.hash)) rehash.run(hasher.hash(password), now(), userId);
      return true;
    },
    isExpired: (userId) => select.get(userId)?.password_expired === 1,
    setExpired(userId, expired) {
      expire.run(expired ? 1 : 0, now(), userId);
    },
    remove(userId) {
      drop.run(userId);
    },
    hashOf: (userId) => select.get(userId)?.hash ?? null,
    changedAt: (userId) => changed.get(userId)?.at ?? null,
    setHash(userId, hash, { expired }) {
      const t = now();
      upsert.run(userId, hash, expired ? 1 : 0, t, t);
    },
    replaceHash(userId, hash) {
      rehash.run(hash, now(), userId);
    },
    decoy() {
      if (decoy) return Promise.resolve(decoy);
      decoyAsync ??= (
        hasher.hashAsync?.('decoy password') ?? Promise.resolve(hasher.hash('decoy password'))
      ).then((hash) => {
        decoy = hash;
        return hash;
      });
      return decoyAsync;
    },
  };
}
