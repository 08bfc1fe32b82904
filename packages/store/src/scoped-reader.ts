import { type AppSchema, badRequest, type QueryMap, type RecordData } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { type AccessRules, accessCondition, createAccessShadow } from './access-scope.js';
import type { AppDefinition } from './app-definition.js';
import type { Cursor } from './cursor.js';
import { emailKey } from './email-form.js';
import { assertId, entityOf, isRecordId } from './input-guard.js';
import { isPlainObject, typeOf } from './problems.js';
import { quoteIdent, sql } from './query/sql.js';
import type { HookRegistry } from './record-hooks.js';
import { type RecordRow, type RowReader, rowToRecord } from './record-read.js';
import { recordTable } from './record-table.js';
import type { Prepare } from './statement-cache.js';
import { createStoreQueries } from './store-queries.js';
import { STORED_ROW_COLUMNS, STORED_ROW_JSON_SQL } from './stored-row-json.js';

/**
 * The read side of the store as one user may see it (`Store.scoped`): every query, count,
 * aggregate (lookups included), id read and relationship lookup runs its SQL with the scope's
 * conditions inside it, and hidden fields are gone from what it returns.
 */
export interface ScopedReader {
  readonly rules: AccessRules;
  findById(entity: string, id: string): RecordData | null;
  findRowJsonById(entity: string, id: string): string | null;
  find(entity: string, query?: QueryMap | null): Cursor<RecordData>;
  findRowsJson(entity: string, query?: QueryMap | null): Cursor<string>;
  findOne(entity: string, query?: QueryMap | string | null): RecordData | null;
  count(entity: string, query?: QueryMap | null): number;
  aggregate(entity: string, pipeline: unknown[]): Cursor<Record<string, unknown>>;
  resolveRelationship(entity: string, value: unknown): { id: string; label: string | null } | null;
  /**
   * True when the stored record `id` (read without the scope) matches every condition given:
   * how writes are checked against a rule before and after they happen.
   */
  matches(entity: string, id: string, conditions: AccessRules[string]['where'][]): boolean;
}

export interface ScopedReaderDeps {
  db: Database.Database;
  app: AppDefinition;
  schema: AppSchema;
  hooks: HookRegistry;
  prepare: Prepare;
}

export function createScopedReader(deps: ScopedReaderDeps, rules: AccessRules): ScopedReader {
  const { app, schema, prepare } = deps;
  const shadow = createAccessShadow(schema, rules, prepare);
  const one = <T>(text: string, params: unknown[], pluck = false): T | undefined =>
    shadow
      .prepare(text)
      .pluck(pluck)
      .get(...params) as T | undefined;
  const table = (entity: string) => quoteIdent(recordTable(entity)).text;
  const rows: RowReader = {
    byId: (entity, id) =>
      one<RecordRow>(`SELECT ${STORED_ROW_COLUMNS} FROM ${table(entity)} WHERE id = ?`, [id]),
    jsonById: (entity, id) =>
      one<string>(`SELECT ${STORED_ROW_JSON_SQL} FROM ${table(entity)} WHERE id = ?`, [id], true),
    byLabel: (entity, label) =>
      one<RecordRow>(
        `SELECT ${STORED_ROW_COLUMNS} FROM ${table(entity)} WHERE label = ? ORDER BY id DESC LIMIT 1`,
        [label],
      ),
    byEmail: (email) =>
      one<RecordRow>(
        `SELECT ${STORED_ROW_COLUMNS} FROM ${table('sys.users')} WHERE lower(json_extract(data, '$.email')) = lower(?)`,
        [emailKey(email)],
      ),
  };
  const queries = createStoreQueries(deps.db, app, schema, rows, deps.hooks, shadow.prepare);
  const pick = (row: RecordRow | undefined) => (row ? { id: row.id, label: row.label } : null);

  return {
    rules,
    findById(entity, id) {
      const def = entityOf(app, 'findById', entity);
      const row = rows.byId(entity, assertId('findById', id));
      return row ? rowToRecord(def, row) : null;
    },
    findRowJsonById(entity, id) {
      entityOf(app, 'findById', entity);
      return rows.jsonById(entity, assertId('findById', id)) ?? null;
    },
    find: (entity, query) => queries.find(entity, query),
    findRowsJson: (entity, query) => queries.findRowsJson(entity, query),
    findOne: (entity, query) => queries.findOne(entity, query),
    count: (entity, query) => queries.count(entity, query),
    aggregate: (entity, pipeline) => queries.aggregate(entity, pipeline),
    resolveRelationship(entity, value) {
      entityOf(app, 'resolveRelationship', entity);
      const byId = (id: unknown) => (isRecordId(id) ? pick(rows.byId(entity, id)) : null);
      const byLabel = (label: string) => pick(rows.byLabel(entity, label));
      if (typeof value === 'string') return byId(value) ?? byLabel(value);
      if (!isPlainObject(value)) {
        throw badRequest(
          `resolveRelationship: value must be an id, a label, {id} or {label}, got ${typeOf(value)}`,
        );
      }
      if (value.id !== undefined && value.id !== null) return byId(value.id);
      return typeof value.label === 'string' ? byLabel(value.label) : null;
    },
    matches(entity, id, conditions) {
      entityOf(app, 'matches', entity);
      const conds = conditions.map((w) => sql` AND (${accessCondition(schema, entity, w)})`);
      let q = sql`SELECT 1 FROM main.${quoteIdent(recordTable(entity))} WHERE id = ${id}`;
      for (const c of conds) q = sql`${q}${c}`;
      return prepare(q.text).get(...q.params) !== undefined;
    },
  };
}
