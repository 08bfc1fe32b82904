import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts small secrets at rest (TOTP secrets, signing keys) with AES-256-GCM under a key
 * derived (HKDF-SHA256) from the host's configured secret. `context` (a user id, a key id) is
 * authenticated data: a ciphertext copied to another row does not decrypt.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** The plaintext; throws when the text was not sealed by this key for this context. */
  open(sealed: string, context: string): string;
}

const FORMAT = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]+)$/;

/** A box over `secret` (at least 32 characters: a random value kept outside the database). */
export function createSecretBox(secret: string, purpose: string): SecretBox {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new RangeError('createUsers: account.secretKey must be a string of at least 32 characters');
  }
  const key = Buffer.from(hkdfSync('sha256', secret, 'warden-users', purpose, 32));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${iv.toString('base64url')}.${tag.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const m = FORMAT.exec(sealed);
      if (!m) throw new Error('secret box: not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[1]!, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(m[2]!, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(m[3]!, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
