import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * The one form of a password that Warden judges and hashes: Unicode NFC, so that the same
 * password typed on different systems gives the same key, and the policy sees exactly the
 * characters that are hashed (a decomposed "é" is one character, not a letter and a mark).
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/** Hashes and verifies passwords (their `normalizePassword` form). The encoded form carries its own parameters. */
export interface PasswordHasher {
  /** A self-describing hash: `$scrypt$ln=17,r=8,p=1$<salt b64>$<hash b64>`. */
  hash(password: string): string;
  /** True when `password` matches `encoded`; false for a wrong password or a malformed hash. */
  verify(password: string, encoded: string): boolean;
  /** True when `encoded` was made with other parameters than this hasher's (rehash on sign-in). */
  needsRehash(encoded: string): boolean;
  /** `hash` on libuv's thread pool: the calling thread stays free (the host's sign-in). */
  hashAsync?(password: string): Promise<string>;
  /** `verify` on libuv's thread pool. */
  verifyAsync?(password: string, encoded: string): Promise<boolean>;
}

/** scrypt cost: N = 2^ln, block size r, parallelism p. OWASP: N=2^17, r=8, p=1. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

/** OWASP's recommended scrypt parameters (about 128 MiB and a few hundred ms per hash). */
export const OWASP_SCRYPT: Readonly<ScryptParams> = Object.freeze({ ln: 17, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface Parsed extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

function parse(encoded: string): Parsed | null {
  const m = FORMAT.exec(encoded);
  if (!m) return null;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Refuse costs we would never write: a tampered row must not make verify allocate gigabytes.
  if (ln < 1 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { ln, r, p, salt, key };
}

function derive(password: string, salt: Buffer, length: number, { ln, r, p }: ScryptParams): Buffer {
  const N = 2 ** ln;
  // Node's default maxmem (32 MiB) is below what N=2^17, r=8 needs (128 * N * r bytes).
  const maxmem = 128 * N * r * p + 32 * 1024 * 1024;
  return scryptSync(normalizePassword(password), salt, length, { N, r, p, maxmem });
}

function deriveAsync(
  password: string,
  salt: Buffer,
  length: number,
  { ln, r, p }: ScryptParams,
): Promise<Buffer> {
  const N = 2 ** ln;
  const maxmem = 128 * N * r * p + 32 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function checkParams(params: ScryptParams): void {
  const { ln, r, p } = params;
  const ok = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!ok(ln, 1, 20) || !ok(r, 1, 32) || !ok(p, 1, 16)) {
    throw new RangeError(
      `createPasswordHasher: params must be integers with ln 1..20, r 1..32, p 1..16, got ${JSON.stringify(params)}`,
    );
  }
}

/**
 * A scrypt hasher (node:crypto). Defaults to OWASP's parameters; tests may pass a lower `ln`.
 * Verification reads the parameters from the stored string, so old hashes keep working.
 */
export function createPasswordHasher(params: Partial<ScryptParams> = {}): PasswordHasher {
  const cost: ScryptParams = { ...OWASP_SCRYPT, ...params };
  checkParams(cost);
  const tag = `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$`;

  return {
    hash(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = derive(password, salt, KEY_BYTES, cost);
      return `${tag}${salt.toString('base64')}$${key.toString('base64')}`;
    },
    verify(password, encoded) {
      const parsed = typeof encoded === 'string' ? parse(encoded) : null;
      if (!parsed || typeof password !== 'string') return false;
      const key = derive(password, parsed.salt, parsed.key.length, parsed);
      return timingSafeEqual(key, parsed.key);
    },
    async hashAsync(password) {
      const salt = randomBytes(SALT_BYTES);
      const key = await deriveAsync(password, salt, KEY_BYTES, cost);
      return `${tag}${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verifyAsync(password, encoded) {
      const parsed = typeof encoded === 'string' ? parse(encoded) : null;
      if (!parsed || typeof password !== 'string') return false;
      const key = await deriveAsync(password, parsed.salt, parsed.key.length, parsed);
      return timingSafeEqual(key, parsed.key);
    },
    needsRehash(encoded) {
      const parsed = parse(encoded);
      return !parsed || parsed.ln !== cost.ln || parsed.r !== cost.r || parsed.p !== cost.p;
    },
  };
}
