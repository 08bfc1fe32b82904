import { createHash, randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { createSecretBox, type SecretBox } from './secret-box.js';

/** What a started provider sign-in must remember until its callback. */
export interface FlowSecrets {
  nonce: string;
  verifier: string;
  redirectUri: string;
}

/**
 * Started provider sign-ins in `users_provider_flows`, keyed by the SHA-256 of their state. The
 * nonce and PKCE verifier are sealed (AES-GCM, the state hash and provider as associated data);
 * a flow is taken once and dies after its TTL.
 */
export interface ProviderFlows {
  save(state: string, provider: string, secrets: FlowSecrets): void;
  /** The flow's secrets, deleting it; null when unknown, used, expired or of another provider. */
  take(state: string, provider: string): FlowSecrets | null;
}

const digest = (state: string) => createHash('sha256').update(state, 'utf8').digest('base64url');

/**
 * The flows over `db`. `secretKey` (the account flows' key) seals the secrets; without one a
 * random key of this process does, so flows then do not outlive the process (their TTL is short).
 */
export function createProviderFlows(
  db: BetterSqlite3.Database,
  now: () => number,
  ttlMs: number,
  secretKey: string | undefined,
): ProviderFlows {
  db.exec(`CREATE TABLE IF NOT EXISTS users_provider_flows (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    sealed TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS users_provider_flows_expiry ON users_provider_flows (expires_at)`);
  const box: SecretBox = createSecretBox(secretKey ?? randomBytes(32).toString('base64url'), 'provider-flow');
  const insert = db.prepare<[string, string, string, number]>(
    'INSERT INTO users_provider_flows (state_hash, provider, sealed, expires_at) VALUES (?, ?, ?, ?)',
  );
  const prune = db.prepare<[number]>('DELETE FROM users_provider_flows WHERE expires_at <= ?');
  const take = db.prepare<[string], { provider: string; sealed: string; expires_at: number }>(
    'DELETE FROM users_provider_flows WHERE state_hash = ? RETURNING provider, sealed, expires_at',
  );
  return {
    save(state, provider, secrets) {
      const key = digest(state);
      prune.run(now());
      insert.run(key, provider, box.seal(JSON.stringify(secrets), `${key}:${provider}`), now() + ttlMs);
    },
    take(state, provider) {
      const key = digest(state);
      const row = take.get(key);
      if (!row || row.provider !== provider || row.expires_at <= now()) return null;
      try {
        return JSON.parse(box.open(row.sealed, `${key}:${provider}`)) as FlowSecrets;
      } catch {
        return null;
      }
    },
  };
}
