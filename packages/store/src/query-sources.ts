import { type AppSchema, badRequest, type RecordData } from '@warden/sys-api';
import type { EntityDef } from './app-definition.js';
import type { CursorSource } from './cursor.js';
import {
  compileAggregate,
  compileCount,
  compileSelectPage,
  type ParsedQuery,
  projectFields,
  type Sql,
  tableName,
} from './query/index.js';
import { type RecordRow, rowToRecord } from './record-read.js';
import type { Prepare } from './statement-cache.js';
import { STORED_ROW_JSON_SQL } from './stored-row-json.js';

/**
 * Runs a compiled query through the statement cache (a query's SQL repeats across calls and pages,
 * and preparing costs more than running), turning a bad `regexp` pattern into a badRequest.
 * `pluck` answers each row's single column instead of a row object.
 */
export function runAll<T>(prepare: Prepare, fn: string, q: Sql, pluck = false): T[] {
  try {
    return prepare(q.text)
      .pluck(pluck)
      .all(...q.params) as T[];
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('regexp:'))
      throw badRequest(`${fn}: ${error.message}`);
    throw error;
  }
}

/** Where the next keyset page starts: the id and data text of the previous page's last row. */
type Position = { id: string; data: string };

/** Keyset pages of an entity's rows (`columns` of each), capped by `_size`. */
function keysetSource<T>(
  prepare: Prepare,
  entity: EntityDef,
  q: ParsedQuery,
  columns: string | undefined,
  positionOf: (last: T) => Position,
): CursorSource<T> {
  const table = tableName(entity.name);
  let after: Position | null = null;
  let remaining = q.size ?? Number.POSITIVE_INFINITY;
  return {
    page(limit) {
      const n = Math.min(limit, remaining);
      if (n <= 0) return [];
      const items = runAll<T>(prepare, 'find', compileSelectPage(table, q, after, n, columns), !!columns);
      remaining -= items.length;
      if (items.length > 0) after = positionOf(items[items.length - 1]!);
      return items;
    },
    count: () => runAll<{ count: number }>(prepare, 'count', compileCount(table, q))[0]?.count ?? 0,
    heldBytes: () => (after ? after.id.length + after.data.length : 0),
  };
}

/** Pages of stored rows. */
export const rowSource = (prepare: Prepare, entity: EntityDef, q: ParsedQuery): CursorSource<RecordRow> =>
  keysetSource<RecordRow>(prepare, entity, q, undefined, (row) => row);

/**
 * Pages of stored rows as JSON text (see storedRowJson), built by SQLite: one string per row
 * reaches JavaScript instead of a row object to stringify, about half the host's cost per row.
 * The keyset takes the last row's position from its JSON, once per page.
 */
export const rowJsonSource = (prepare: Prepare, entity: EntityDef, q: ParsedQuery): CursorSource<string> =>
  keysetSource<string>(prepare, entity, q, STORED_ROW_JSON_SQL, (json) => {
    const last = JSON.parse(json) as { id: string; data: unknown };
    return { id: last.id, data: JSON.stringify(last.data) };
  });

/** Pages of records in read form (projected when the query has `_fields`). */
export function recordSource(prepare: Prepare, entity: EntityDef, q: ParsedQuery): CursorSource<RecordData> {
  const rows = rowSource(prepare, entity, q);
  return {
    page: (limit) =>
      rows.page(limit).map((row) => {
        const record = rowToRecord(entity, row);
        return q.fields ? { ...record, fields: projectFields(record.fields, q.fields) } : record;
      }),
    count: rows.count,
    heldBytes: rows.heldBytes,
  };
}

/** Pages of aggregate documents by LIMIT/OFFSET over the compiled pipeline. */
export function aggregateSource(
  prepare: Prepare,
  app: AppSchema,
  entity: string,
  pipeline: unknown[],
): CursorSource<Record<string, unknown>> {
  const q = compileAggregate(app, entity, pipeline, tableName);
  let offset = 0;
  return {
    page(limit) {
      const paged = {
        text: `SELECT doc FROM (${q.text}) LIMIT ? OFFSET ?`,
        params: [...q.params, limit, offset],
      };
      const rows = runAll<{ doc: string }>(prepare, 'aggregate', paged);
      offset += rows.length;
      return rows.map((r) => JSON.parse(r.doc) as Record<string, unknown>);
    },
    count: () => {
      const counted = { text: `SELECT count(*) AS count FROM (${q.text})`, params: q.params };
      return runAll<{ count: number }>(prepare, 'aggregate', counted)[0]?.count ?? 0;
    },
  };
}
