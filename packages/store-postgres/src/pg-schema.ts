import { type AppDefinition, type EntityDef, type FieldDef, tableName } from '@warden/store/backend';
import { WardenError } from '@warden/sys-api';
import { v7 as uuidv7 } from 'uuid';
import { jsonAt, quoteIdent, textAt } from './query/pg-sql.js';
import type { SyncConnection } from './sync/sync-connection.js';

/**
 * The layout migrations of the store's own tables, in order; version n is the first n applied.
 * A database stamped with a version above the code's is refused (its layout is unknown here).
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    'CREATE TABLE IF NOT EXISTS _warden_meta (key text PRIMARY KEY, value text NOT NULL)',
    'CREATE TABLE IF NOT EXISTS _warden_stable_ids (kind text NOT NULL, name text NOT NULL, id text NOT NULL, PRIMARY KEY (kind, name))',
  ],
];

/** The layout version this code writes (`schemaVersion` in `_warden_meta`). */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/** Serializes openers of one database: migrations run one at a time across hosts. */
const MIGRATION_LOCK = 7_011_775_006_104_000n;

/** The expression an index on a top-level field uses (the query compiler writes the same). */
function indexExpression(name: string, def: FieldDef): string {
  if (def.type === 'email') return `lower(${textAt('data', [name])})`;
  if (def.type === 'relationship') return textAt('data', [name, 'id']);
  return jsonAt('data', [name]);
}

/** `ux_<table>_<field>` for a unique field: unique violations name it, so the field is known. */
export const uniqueIndexName = (table: string, field: string) => `ux_${table}_${field}`;

function entityStatements(entity: EntityDef): string[] {
  const table = tableName(entity.name);
  const t = quoteIdent(table);
  const out = [
    `CREATE TABLE IF NOT EXISTS ${t} (id text PRIMARY KEY, version integer NOT NULL, label text, data jsonb NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`lx_${table}`)} ON ${t} (label)`,
  ];
  for (const [name, def] of Object.entries(entity.fields)) {
    if (!def.unique && !def.indexed) continue;
    const index = quoteIdent(def.unique ? uniqueIndexName(table, name) : `ix_${table}_${name}`);
    out.push(
      `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${index} ON ${t} ((${indexExpression(name, def)}))`,
    );
  }
  return out;
}

function stableIds(conn: SyncConnection, kind: string, items: readonly { name: string; id?: string }[]) {
  const ids = new Map<string, string>();
  for (const item of items) {
    const stored = conn.query<{ id: string }>(
      'SELECT id FROM _warden_stable_ids WHERE kind = $1 AND name = $2',
      [kind, item.name],
    ).rows[0]?.id;
    const id = item.id ?? stored ?? uuidv7();
    if (id !== stored) {
      conn.query(
        'INSERT INTO _warden_stable_ids (kind, name, id) VALUES ($1, $2, $3) ON CONFLICT (kind, name) DO UPDATE SET id = excluded.id',
        [kind, item.name, id],
      );
    }
    ids.set(item.name, id);
  }
  return ids;
}

/**
 * Brings the database to this code's layout and the app's tables, in one transaction that holds a
 * lock every opener takes, and answers the stable ids of groups and identity providers. Refuses a
 * database whose layout is newer (`badRequest`, `info.code: 'newerSchema'`). Definition changes
 * that stored rows would break are not checked yet: tables and indexes are only added.
 */
export function migrateDatabase(conn: SyncConnection, app: AppDefinition, name: string) {
  conn.query('BEGIN');
  try {
    conn.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const exists = conn.query("SELECT to_regclass('_warden_meta') IS NOT NULL AS e").rows[0]?.e === true;
    const stored = exists
      ? Number(
          conn.query<{ value: string }>("SELECT value FROM _warden_meta WHERE key = 'schemaVersion'").rows[0]
            ?.value ?? 0,
        )
      : 0;
    if (stored > PG_SCHEMA_VERSION) {
      throw new WardenError(
        'badRequest',
        `openPgStore: the database ${name} has layout version ${stored}, newer than this Warden's ${PG_SCHEMA_VERSION}; upgrade Warden`,
        { info: { code: 'newerSchema', stored, supported: PG_SCHEMA_VERSION } },
      );
    }
    for (const statements of MIGRATIONS.slice(stored)) for (const sql of statements) conn.query(sql);
    conn.query(
      "INSERT INTO _warden_meta (key, value) VALUES ('schemaVersion', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [String(PG_SCHEMA_VERSION)],
    );
    for (const entity of Object.values(app.entities))
      for (const sql of entityStatements(entity)) conn.query(sql);
    const ids = {
      groups: stableIds(conn, 'group', app.groups),
      identityProviders: stableIds(conn, 'identityProvider', app.identityProviders),
    };
    conn.query('COMMIT');
    return ids;
  } catch (error) {
    conn.query('ROLLBACK');
    throw error;
  }
}
