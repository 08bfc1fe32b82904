import { describe, expect, it } from 'vitest';
import { createPasswordHasher, OWASP_SCRYPT } from './password-hasher.js';

const fast = createPasswordHasher({ ln: 10 });

describe('createPasswordHasher', () => {
  it('hashes at OWASP parameters by default, in a self-describing string', () => {
    const hasher = createPasswordHasher();
    const encoded = hasher.hash('correct horse');
    expect(encoded).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(hasher.verify('correct horse', encoded)).toBe(true);
    expect(hasher.needsRehash(encoded)).toBe(false);
    expect(OWASP_SCRYPT).toEqual({ ln: 17, r: 8, p: 1 });
  });

  it('verifies only the right password, and never stores it', () => {
    const encoded = fast.hash('s3cret-Value');
    expect(encoded.includes('s3cret-Value')).toBe(false);
    expect(fast.verify('s3cret-Value', encoded)).toBe(true);
    expect(fast.verify('s3cret-value', encoded)).toBe(false);
    expect(fast.verify('', encoded)).toBe(false);
  });

  it('salts every hash', () => {
    expect(fast.hash('same')).not.toBe(fast.hash('same'));
  });

  it('verifies hashes made with other parameters and asks for a rehash', () => {
    const old = createPasswordHasher({ ln: 9, r: 4 }).hash('pw-123456');
    expect(fast.verify('pw-123456', old)).toBe(true);
    expect(fast.needsRehash(old)).toBe(true);
    expect(fast.needsRehash(fast.hash('pw-123456'))).toBe(false);
  });

  it('treats malformed or hostile hashes as no match', () => {
    for (const bad of [
      '',
      'plain',
      '$scrypt$ln=10,r=8,p=1$abc',
      '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      expect(fast.verify('x', bad)).toBe(false);
      expect(fast.needsRehash(bad)).toBe(true);
    }
    expect(fast.verify('x', 42 as unknown as string)).toBe(false);
  });

  it('refuses parameters outside the safe range', () => {
    expect(() => createPasswordHasher({ ln: 30 })).toThrow(/createPasswordHasher: params must be integers/);
    expect(() => createPasswordHasher({ r: 0 })).toThrow(RangeError);
  });
});
