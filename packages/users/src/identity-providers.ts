import type { IdentityProviderSchema } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';

/** One link between a user and an identity provider. */
export interface IdentityLink {
  providerId: string;
  externalId: string | null;
}

/** The `users_identities` table: who is who at each provider. */
export interface IdentityLinks {
  /** The user id an external id belongs to at a provider, or null. */
  owner(providerId: string, externalId: string): string | null;
  list(userId: string): IdentityLink[];
  /** Makes the user's links exactly `links`. */
  replace(userId: string, links: IdentityLink[]): void;
  removeUser(userId: string): void;
}

/** The provider whose id or name is `idOrName` (ids win, as in Slingr's REST API). */
export function findProvider(
  providers: readonly IdentityProviderSchema[],
  idOrName: string,
): IdentityProviderSchema | undefined {
  return providers.find((p) => p.id === idOrName) ?? providers.find((p) => p.name === idOrName);
}

/** Links in `users_identities`; an external id belongs to at most one user per provider. */
export function createIdentityLinks(db: BetterSqlite3.Database): IdentityLinks {
  db.exec(`CREATE TABLE IF NOT EXISTS users_identities (
    provider_id TEXT NOT NULL,
    external_id TEXT,
    user_id TEXT NOT NULL,
    PRIMARY KEY (user_id, provider_id),
    UNIQUE (provider_id, external_id)
  )`);
  const owner = db.prepare<[string, string], { user_id: string }>(
    'SELECT user_id FROM users_identities WHERE provider_id = ? AND external_id = ?',
  );
  const list = db.prepare<[string], { provider_id: string; external_id: string | null }>(
    'SELECT provider_id, external_id FROM users_identities WHERE user_id = ? ORDER BY rowid',
  );
  const insert = db.prepare<[string, string | null, string]>(
    'INSERT INTO users_identities (provider_id, external_id, user_id) VALUES (?, ?, ?)',
  );
  const drop = db.prepare<[string]>('DELETE FROM users_identities WHERE user_id = ?');

  return {
    owner: (providerId, externalId) => owner.get(providerId, externalId)?.user_id ?? null,
    list: (userId) => list.all(userId).map((r) => ({ providerId: r.provider_id, externalId: r.external_id })),
    replace(userId, links) {
      drop.run(userId);
      for (const l of links) insert.run(l.providerId, l.externalId, userId);
    },
    removeUser(userId) {
      drop.run(userId);
    },
  };
}
