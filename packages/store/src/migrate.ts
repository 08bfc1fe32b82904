import type { FieldError } from '@warden/sys-api';
import { WardenError } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import type { AppDefinition, EntityDef } from './app-definition.js';
import { STORE_SCHEMA_VERSION } from './database-check.js';
import { createSystemTables } from './database-open.js';
import { normalizeStoredEmails } from './email-form.js';
import { checkStoredRows } from './migrate-checks.js';
import { indexExpression, indexName, recordTable } from './record-table.js';
import { dropSearchIndex, syncSearchIndex } from './search-index.js';

type Entities = Record<string, EntityDef>;

function storedEntities(db: Database.Database): Entities | null {
  const row = db
    .prepare<[], { value: string }>(`SELECT value FROM _warden_meta WHERE key = 'entities'`)
    .get();
  return row ? (JSON.parse(row.value) as Entities) : null;
}

const rowCount = (db: Database.Database, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** The warden-managed indexes an entity wants: name → CREATE statement. */
function wantedIndexes(
  entity: EntityDef,
): Map<string, { sql: string; expr: string; field: string; unique: boolean }> {
  const table = recordTable(entity.name);
  const out = new Map<string, { sql: string; expr: string; field: string; unique: boolean }>();
  for (const [field, def] of Object.entries(entity.fields)) {
    if (!def.unique && !def.indexed) continue;
    const name = indexName(table, field, def.unique);
    const expr = indexExpression(field, def);
    const sql = `CREATE ${def.unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${table} (${expr})`;
    out.set(name, { sql, expr, field, unique: def.unique });
  }
  return out;
}

function syncIndexes(db: Database.Database, entity: EntityDef, problems: FieldError[]): void {
  const table = recordTable(entity.name);
  const wanted = wantedIndexes(entity);
  const existing = db
    .prepare<[string], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND (name LIKE 'ux\\_%' ESCAPE '\\' OR name LIKE 'ix\\_%' ESCAPE '\\')`,
    )
    .all(table);
  for (const index of existing) {
    if (wanted.get(index.name)?.sql !== index.sql) db.exec(`DROP INDEX ${index.name}`);
  }
  for (const [name, want] of wanted) {
    if (existing.some((e) => e.name === name && e.sql === want.sql)) continue;
    if (want.unique) {
      const dup = db
        .prepare(
          `SELECT count(*) AS n FROM ${table} WHERE ${want.expr} IS NOT NULL GROUP BY ${want.expr} HAVING count(*) > 1`,
        )
        .all() as { n: number }[];
      if (dup.length > 0) {
        problems.push({
          field: `entities.${entity.name}.fields.${want.field}`,
          code: 'incompatibleChange',
          message: `cannot migrate: the field becomes unique but ${dup.length} value${dup.length === 1 ? ' is' : 's are'} stored more than once`,
        });
        continue;
      }
    }
    db.exec(want.sql);
  }
}

/**
 * Brings the database in line with the definition: new tables and indexes, dropped empty
 * tables, the definition kept in `_warden_meta`. Refuses (badRequest, nothing changed) any
 * change that stored rows would break. The caller runs it inside one transaction.
 */
export function migrate(db: Database.Database, app: AppDefinition): void {
  createSystemTables(db);
  const old = storedEntities(db) ?? {};
  const emailsStored = db.prepare(`SELECT 1 FROM _warden_meta WHERE key = 'emailForm'`).get() !== undefined;
  const problems: FieldError[] = [];
  for (const entity of Object.values(app.entities)) {
    const table = recordTable(entity.name);
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, label TEXT, data TEXT NOT NULL)`,
    );
    db.exec(`CREATE INDEX IF NOT EXISTS lx_${table} ON ${table} (label)`);
    const before = old[entity.name] ?? { name: entity.name, fields: {} };
    const changed = JSON.stringify(before.fields) !== JSON.stringify(entity.fields);
    if (changed) {
      const rows = () => db.prepare(`SELECT data FROM ${table}`).pluck().iterate() as Iterable<string>;
      problems.push(...checkStoredRows(before, entity, rows));
    }
    // Before the indexes: a field that becomes unique is checked on its emails' keys.
    if (changed || !emailsStored) normalizeStoredEmails(db, entity);
    syncIndexes(db, entity, problems);
    syncSearchIndex(db, entity);
  }
  for (const name of Object.keys(old)) {
    if (Object.hasOwn(app.entities, name)) continue;
    const table = recordTable(name);
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table);
    const n = exists ? rowCount(db, table) : 0;
    if (n === 0) {
      dropSearchIndex(db, name);
      db.exec(`DROP TABLE IF EXISTS ${table}`);
    } else
      problems.push({
        field: `entities.${name}`,
        code: 'incompatibleChange',
        message: `cannot migrate: the entity is removed but its table still has ${n} record${n === 1 ? '' : 's'}`,
      });
  }
  if (problems.length > 0) {
    const summary = problems.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `openStore: incompatible app definition change: ${summary}`, {
      errors: problems,
    });
  }
  const put = db.prepare(
    `INSERT INTO _warden_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  );
  put.run('entities', JSON.stringify(app.entities));
  // checkDatabase refused a newer version before anything was written.
  put.run('schemaVersion', String(STORE_SCHEMA_VERSION));
  // Emails with non-ASCII letters are stored in their key form (email-form.ts) from here on.
  db.exec(`INSERT OR IGNORE INTO _warden_meta (key, value) VALUES ('emailForm', '1')`);
}
