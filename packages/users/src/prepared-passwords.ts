import { randomBytes } from 'node:crypto';
import { normalizePassword, type PasswordHasher } from './password-hasher.js';

/**
 * Password work done ahead, on libuv's thread pool and outside any transaction, for one
 * synchronous call that would otherwise run scrypt on its own thread (the host's event loop) while
 * holding the write lock. The call's code is unchanged: it hashes, verifies and generates through
 * `PreparedPasswords`, which answers from this work while `run` applies it.
 */
export interface PasswordWork {
  /** Hashes by password (its normal form). */
  hashes: Map<string, string>;
  /** Checks by stored hash and password: `${encoded}\u0000${password}`. */
  checks: Map<string, boolean>;
  /** A password made for a user created with `generatePassword`, with its hash. */
  generated?: { password: string; hash: string };
}

/** Thrown inside `run` for a check that was not prepared (the stored hash changed meanwhile). */
export class UnpreparedCheck extends Error {}

/** The hasher the credentials use, and the generator the save plan uses, with prepared work. */
export interface PreparedPasswords {
  /** A hasher that answers from the running work first, then hashes on the calling thread. */
  readonly hasher: PasswordHasher;
  /** A password for a created user: the prepared one once per `run`, else a fresh one. */
  generate(): string;
  /** Runs `fn` (synchronous) with `work`; checks missing from it throw `UnpreparedCheck`. */
  run<T>(work: PasswordWork, fn: () => T): T;
  /** Does the work ahead: hashes `passwords`, checks `checks`, and makes a generated one if asked. */
  prepare(o: {
    passwords?: string[];
    checks?: { password: string; encoded: string }[];
    generate?: boolean;
  }): Promise<PasswordWork>;
}

const checkKey = (encoded: string, password: string) => `${encoded}\u0000${normalizePassword(password)}`;
const freshPassword = () => randomBytes(18).toString('base64url');

/** Wraps `real` (the users' hasher) so that host calls can bring their scrypt work done ahead. */
export function createPreparedPasswords(real: PasswordHasher): PreparedPasswords {
  let work: PasswordWork | null = null;
  let generatedTaken = false;
  const hashAsync = (p: string) => real.hashAsync?.(p) ?? Promise.resolve(real.hash(p));
  const verifyAsync = (p: string, e: string) =>
    real.verifyAsync?.(p, e) ?? Promise.resolve(real.verify(p, e));

  const hasher: PasswordHasher = {
    ...real,
    hash(password) {
      const ready = work?.generated?.password === password ? work.generated.hash : undefined;
      return ready ?? work?.hashes.get(normalizePassword(password)) ?? real.hash(password);
    },
    verify(password, encoded) {
      if (!work) return real.verify(password, encoded);
      const ready = work.checks.get(checkKey(encoded, password));
      if (ready === undefined) throw new UnpreparedCheck('a password check was not prepared');
      return ready;
    },
    needsRehash: (encoded) => real.needsRehash(encoded),
  };

  return {
    hasher,
    generate() {
      if (!work?.generated || generatedTaken) return freshPassword();
      generatedTaken = true;
      return work.generated.password;
    },
    run(next, fn) {
      const outer = work;
      work = next;
      generatedTaken = false;
      try {
        return fn();
      } finally {
        work = outer;
      }
    },
    async prepare({ passwords = [], checks = [], generate = false }) {
      const forms = [...new Set(passwords.map(normalizePassword))];
      const made = generate ? freshPassword() : null;
      const [hashes, results, generatedHash] = await Promise.all([
        Promise.all(forms.map(hashAsync)),
        Promise.all(checks.map((c) => verifyAsync(c.password, c.encoded))),
        made === null ? null : hashAsync(made),
      ]);
      const out: PasswordWork = {
        hashes: new Map(forms.map((f, i) => [f, hashes[i]!])),
        checks: new Map(checks.map((c, i) => [checkKey(c.encoded, c.password), results[i]!])),
      };
      if (made !== null && generatedHash !== null) out.generated = { password: made, hash: generatedHash };
      return out;
    },
  };
}
