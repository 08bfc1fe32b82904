import type Database from 'better-sqlite3';
import type { EntityDef } from './app-definition.js';
import { recordTable } from './record-table.js';

/*
 * Emails are case-insensitive, and SQLite's lower() folds ASCII letters only. So an email is
 * stored as typed when it is all ASCII (its display casing kept: lower() folds it exactly as
 * JavaScript does), and otherwise in its comparison key (NFC, lower-cased with Unicode's rules).
 * Either way `lower(json_extract(data, '$.<field>'))`, the expression of every email index and
 * comparison, equals `emailKey` of the value; query values and lookups are compared as their key.
 */

// Any character past U+007F (what lower() leaves alone).
const NON_ASCII = /[^\p{ASCII}]/u;

/** The form emails are compared in: NFC, lower-cased with Unicode's full rules. */
export function emailKey(email: string): string {
  return email.normalize('NFC').toLowerCase().normalize('NFC');
}

/** The form an email is stored in: as typed when ASCII, else its key (see above). */
export function storedEmail(email: string): string {
  return NON_ASCII.test(email) ? emailKey(email) : email;
}

function restored(value: unknown): unknown {
  if (typeof value === 'string') return storedEmail(value);
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? storedEmail(v) : v)) : value;
}

/**
 * Rewrites the top-level email values of `entity` that older versions stored with non-ASCII
 * letters as typed. A value whose key another record already holds (a duplicate older versions
 * let in) is left as it was. Returns how many records changed. Runs inside the migration's
 * transaction; only rows holding a non-ASCII character are read.
 */
export function normalizeStoredEmails(db: Database.Database, entity: EntityDef): number {
  const table = recordTable(entity.name);
  let changed = 0;
  for (const [name, def] of Object.entries(entity.fields)) {
    if (def.type !== 'email') continue;
    const path = `$.${name}`;
    const rows = db
      .prepare<[string, string], { id: string; value: string }>(
        `SELECT id, json_extract(data, ?) AS value FROM ${table} WHERE json_extract(data, ?) GLOB '*[^ -~]*'`,
      )
      .all(path, path);
    const update = db.prepare<[string, string, string]>(
      `UPDATE ${table} SET data = json_set(data, ?, json(?)) WHERE id = ?`,
    );
    for (const row of rows) {
      const value: unknown = def.multiple ? JSON.parse(row.value) : row.value;
      const next = restored(value);
      if (JSON.stringify(next) === JSON.stringify(value)) continue;
      try {
        update.run(path, JSON.stringify(next), row.id);
        changed++;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      }
    }
  }
  return changed;
}
