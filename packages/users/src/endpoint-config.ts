import type BetterSqlite3 from 'better-sqlite3';

/** Per-user configuration of user endpoints (Slingr's "My Integrations"), as JSON objects. */
export interface EndpointConfigs {
  get(userId: string, endpoint: string): Record<string, unknown> | null;
  set(userId: string, endpoint: string, config: Record<string, unknown>): void;
  clear(userId: string, endpoint: string): void;
  removeUser(userId: string): void;
}

/** Configurations in `users_endpoint_configs`, on the store's connection. */
export function createEndpointConfigs(db: BetterSqlite3.Database, now: () => number): EndpointConfigs {
  db.exec(`CREATE TABLE IF NOT EXISTS users_endpoint_configs (
    user_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    config TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, endpoint)
  )`);
  const select = db.prepare<[string, string], { config: string }>(
    'SELECT config FROM users_endpoint_configs WHERE user_id = ? AND endpoint = ?',
  );
  const upsert = db.prepare<[string, string, string, number]>(
    `INSERT INTO users_endpoint_configs (user_id, endpoint, config, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id, endpoint) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
  );
  const drop = db.prepare<[string, string]>(
    'DELETE FROM users_endpoint_configs WHERE user_id = ? AND endpoint = ?',
  );
  const dropUser = db.prepare<[string]>('DELETE FROM users_endpoint_configs WHERE user_id = ?');

  return {
    get(userId, endpoint) {
      const row = select.get(userId, endpoint);
      return row ? (JSON.parse(row.config) as Record<string, unknown>) : null;
    },
    set(userId, endpoint, config) {
      upsert.run(userId, endpoint, JSON.stringify(config), now());
    },
    clear(userId, endpoint) {
      drop.run(userId, endpoint);
    },
    removeUser(userId) {
      dropUser.run(userId);
    },
  };
}
