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

/**
 * Runs a compiled query through the statement cache (a query's SQL repeats across calls and pages,
 * and preparing costs more than running), turning a bad `regexp` pattern into a badRequest.
 */
export function runAll<T>(prepare: Prepare, fn: string, q: Sql): T[] {
  try {
    return prepare(q.text).all(...q.params) as T[];
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('regexp:'))
      throw badRequest(`${fn}: ${error.message}`);
    throw error;
  }
}

/** Pages of stored rows by keyset (the last row of a page is the next page's start), capped by `_size`. */
export function rowSource(prepare: Prepare, entity: EntityDef, q: ParsedQuery): CursorSource<RecordRow> {
  const table = tableName(entity.name);
  let after: RecordRow | null = null;
  let remaining = q.size ?? Number.POSITIVE_INFINITY;
  return {
    page(limit) {
      const n = Math.min(limit, remaining);
      if (n <= 0) return [];
      const rows = runAll<RecordRow>(prepare, 'find', compileSelectPage(table, q, after, n));
      remaining -= rows.length;
      after = rows.at(-1) ?? after;
      return rows;
    },
    count: () => runAll<{ count: number }>(prepare, 'count', compileCount(table, q))[0]?.count ?? 0,
  };
}

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
