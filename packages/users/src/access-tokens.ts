import { createPrivateKey, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { badRequest } from '@warden/sys-api';
import type { JWK } from 'jose';
import { jose } from './lazy-libraries.js';
import type { Session } from './sessions.js';
import { groupItems } from './user-groups.js';
import { USERS } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** A JWKS document: the public keys that verify Warden's access tokens. */
export interface Jwks {
  keys: JWK[];
}

interface KeyRow {
  kid: string;
  public_jwk: string;
  private_key: string;
  created_at: number;
  retired_at: number | null;
}

const ALG = 'EdDSA';

/**
 * Ed25519 signing keys in `users_signing_keys`: the private key sealed with the configured
 * secret, the public key as a JWK. The newest key signs; a rotated key stays in the JWKS until
 * every token it signed has expired, so services that cache the JWKS keep verifying.
 */
export function createAccessTokens(ctx: UsersContext) {
  const { db } = ctx.store;
  db.exec(`CREATE TABLE IF NOT EXISTS users_signing_keys (
    kid TEXT PRIMARY KEY,
    public_jwk TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS users_signing_keys_retired ON users_signing_keys (retired_at)`);
  const current = db.prepare<[], KeyRow>(
    'SELECT * FROM users_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1',
  );
  const published = db.prepare<[number], KeyRow>(
    'SELECT * FROM users_signing_keys WHERE retired_at IS NULL OR retired_at > ? ORDER BY created_at DESC, kid',
  );
  const retire = db.prepare<[number]>(
    'UPDATE users_signing_keys SET retired_at = ? WHERE retired_at IS NULL',
  );
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO users_signing_keys (kid, public_jwk, private_key, created_at) VALUES (?, ?, ?, ?)',
  );
  const dropOld = db.prepare<[number]>(
    'DELETE FROM users_signing_keys WHERE retired_at IS NOT NULL AND retired_at <= ?',
  );
  const privateKeys = new Map<string, KeyObject>();

  const settings = (fn: string) => {
    const tokens = ctx.account.accessTokens;
    const box = ctx.account.keyBox;
    if (!tokens) throw badRequest(`${fn}: access tokens are off (users.accessTokens in the runtime config)`);
    if (!box)
      throw badRequest(`${fn}: access tokens need a secret key in the runtime config (users.secretKey)`);
    return { tokens, box };
  };
  const addKey = (fn: string): KeyRow => {
    const { box } = settings(fn);
    const kid = randomUUID();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: ALG, use: 'sig' };
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    insert.run(kid, JSON.stringify(jwk), box.seal(pem, kid), ctx.now());
    return current.get()!;
  };
  /** Tokens a retired key signed are dead after the token lifetime; then the key goes. */
  const graceMs = () => ctx.account.accessTokens?.ttlMs ?? 0;

  return {
    /** True when the host turned access tokens on. */
    enabled: () => ctx.account.accessTokens !== null,
    /** Host: a new signing key; the old one keeps verifying until its tokens have expired. */
    rotateSigningKey(): { kid: string } {
      const fn = 'rotateSigningKey';
      settings(fn);
      return ctx.store.transaction(() => {
        const t = ctx.now();
        dropOld.run(t - graceMs());
        retire.run(t);
        const key = addKey(fn);
        ctx.emit('user.signingKeyRotated', '', null, null, { kid: key.kid });
        return { kid: key.kid };
      });
    },
    /** Host: the public keys services verify access tokens with (cache it; refetch on an unknown kid). */
    jwks(): Jwks {
      settings('jwks');
      return ctx.store.transaction(() => {
        if (!current.get()) addKey('jwks');
        return { keys: published.all(ctx.now() - graceMs()).map((r) => JSON.parse(r.public_jwk) as JWK) };
      });
    },
    /**
     * The signed access token of a session: `sub` the user id, `sid` the session id, `email`,
     * `groups`, `iss`, `aud` when configured, and an expiry no later than the session's.
     */
    async sign(session: Session): Promise<string> {
      const fn = 'accessToken';
      const { tokens, box } = settings(fn);
      const { key, user } = await ctx.atomic(fn, () =>
        ctx.store.transaction(() => ({
          key: current.get() ?? addKey(fn),
          user: ctx.store.findById(USERS, session.userId),
        })),
      );
      let privateKey = privateKeys.get(key.kid);
      if (!privateKey) {
        privateKey = createPrivateKey(box.open(key.private_key, key.kid));
        privateKeys.set(key.kid, privateKey);
      }
      const nowS = Math.floor(ctx.now() / 1000);
      const exp = Math.min(nowS + Math.floor(tokens.ttlMs / 1000), Math.floor(session.expiresAt / 1000));
      const { SignJWT } = await jose();
      const jwt = new SignJWT({
        sid: session.sessionId,
        email: user?.fields.email ?? null,
        groups: user ? groupItems(user).map((g) => g.group) : [],
      })
        .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
        .setSubject(session.userId)
        .setIssuer(tokens.issuer ?? ctx.store.app.baseUrl)
        .setIssuedAt(nowS)
        .setExpirationTime(exp)
        .setJti(randomUUID());
      if (tokens.audience) jwt.setAudience(tokens.audience);
      return jwt.sign(privateKey);
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
