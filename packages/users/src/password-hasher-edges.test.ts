import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher, type PasswordHasher } from './password-hasher.js';

// The stored hash is read from a database row: a tampered or truncated row must verify as no
// match, quickly, never throw or accept a shorter key. Checked for verify and verifyAsync alike.

const hasher = createPasswordHasher({ ln: 8 });
const verifiers: [string, (h: PasswordHasher, pw: unknown, encoded: unknown) => Promise<boolean>][] = [
  ['verify', async (h, pw, encoded) => h.verify(pw as string, encoded as string)],
  ['verifyAsync', (h, pw, encoded) => h.verifyAsync!(pw as string, encoded as string)],
];

/** A hash made by node:crypto directly, in the stored format. */
function made(pw: string, ln: number, r: number, p: number, saltBytes = 16, keyBytes = 32): string {
  const salt = Buffer.alloc(saltBytes, 7);
  const key = scryptSync(pw, salt, keyBytes, { N: 2 ** ln, r, p, maxmem: 256 * 1024 * 1024 });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe.each(verifiers)('%s', (_name, check) => {
  it('verifies a hash made with the parameters it states', async () => {
    expect(await check(hasher, 'pw-1', made('pw-1', 4, 8, 1))).toBe(true);
    expect(await check(hasher, 'pw-1', made('pw-1', 3, 2, 3))).toBe(true);
    expect(await check(hasher, 'pw-2', made('pw-1', 3, 2, 3))).toBe(false);
  });

  it('accepts the extreme costs it allows', async () => {
    expect(await check(hasher, 'pw', made('pw', 1, 1, 1))).toBe(true);
    expect(await check(hasher, 'pw', made('pw', 1, 32, 16))).toBe(true);
  });

  it('takes a salt of 8 bytes and a key of 16 at least, and no shorter one', async () => {
    expect(await check(hasher, 'pw', made('pw', 4, 8, 1, 8, 16))).toBe(true);
    expect(await check(hasher, 'pw', made('pw', 4, 8, 1, 7, 16))).toBe(false);
    expect(await check(hasher, 'pw', made('pw', 4, 8, 1, 8, 15))).toBe(false);
  });

  it('answers false, without throwing, for costs scrypt cannot run', async () => {
    const good = made('pw', 4, 8, 1);
    for (const bad of ['ln=0,r=8,p=1', 'ln=4,r=0,p=1', 'ln=4,r=8,p=0']) {
      expect(await check(hasher, 'pw', good.replace('ln=4,r=8,p=1', bad))).toBe(false);
    }
  });

  it('answers false at once for costs above the allowed range (a tampered row)', async () => {
    const good = made('pw', 4, 8, 1);
    for (const bad of ['ln=21,r=1,p=1', 'ln=17,r=33,p=1', 'ln=17,r=8,p=17']) {
      const started = performance.now();
      expect(await check(hasher, 'pw', good.replace('ln=4,r=8,p=1', bad))).toBe(false);
      // Parsing alone; computing any of these takes hundreds of ms or more.
      expect(performance.now() - started).toBeLessThan(150);
    }
  });

  it('answers false for arguments that are not strings', async () => {
    const good = hasher.hash('pw');
    expect(await check(hasher, null, good)).toBe(false);
    expect(await check(hasher, 42, good)).toBe(false);
    expect(await check(hasher, 'pw', 42)).toBe(false);
  });
});

describe('hashAsync', () => {
  it('makes a salted hash at the hasher cost that verify accepts', async () => {
    const a = await hasher.hashAsync!('Crème 1');
    const b = await hasher.hashAsync!('Crème 1');
    expect(a).toMatch(/^\$scrypt\$ln=8,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(hasher.verify('Crème 1', a)).toBe(true);
    expect(hasher.verify('Crème 1'.normalize('NFD'), a)).toBe(true);
    expect(await hasher.verifyAsync!('Crème 1'.normalize('NFD'), hasher.hash('Crème 1'))).toBe(true);
    expect(hasher.verify('Crème 2', a)).toBe(false);
  });

  it('gives scrypt enough memory for more than one lane (p > 1)', async () => {
    const wide = createPasswordHasher({ ln: 15, r: 8, p: 2 });
    const encoded = wide.hash('pw');
    expect(await wide.verifyAsync!('pw', encoded)).toBe(true);
  });
});

describe('createPasswordHasher', () => {
  it('accepts the highest costs it allows, and refuses one more of each', () => {
    expect(() => createPasswordHasher({ ln: 20, r: 32, p: 16 })).not.toThrow();
    expect(() => createPasswordHasher({ ln: 1, r: 1, p: 1 })).not.toThrow();
    for (const bad of [{ ln: 21 }, { r: 33 }, { p: 17 }, { ln: 0 }, { r: 0 }, { p: 0 }, { ln: 8.5 }]) {
      expect(() => createPasswordHasher(bad)).toThrow(RangeError);
    }
  });
});
