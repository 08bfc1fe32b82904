import { type AppSchema, badRequest, type QueryMap, type RecordData } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { type AppDefinition, USERS_ENTITY } from './app-definition.js';
import { type Cursor, createCursor } from './cursor.js';
import { entityOf, isRecordId } from './input-guard.js';
import { typeOf } from './problems.js';
import { compileDelete, type ParsedQuery, parseQuery, tableName } from './query/index.js';
import { aggregateSource, recordSource, rowJsonSource } from './query-sources.js';
import type { HookRegistry, RemoveOptions } from './record-hooks.js';
import { type RowReader, rowToRecord } from './record-read.js';
import type { Prepare } from './statement-cache.js';

/** The read side of the store: queries through the query module, and bulk delete. */
export interface StoreQueries {
  find(entity: string, query?: QueryMap | null): Cursor<RecordData>;
  findRowsJson(entity: string, query?: QueryMap | null): Cursor<string>;
  findOne(entity: string, query?: QueryMap | string | null): RecordData | null;
  count(entity: string, query?: QueryMap | null): number;
  deleteMany(
    entity: string,
    query: QueryMap | null | undefined,
    remove: (entity: string, id: string, opts: RemoveOptions) => void,
    opts: RemoveOptions,
  ): number;
  aggregate(entity: string, pipeline: unknown[]): Cursor<Record<string, unknown>>;
}

export function createStoreQueries(
  db: Database.Database,
  app: AppDefinition,
  schema: AppSchema,
  rows: RowReader,
  hooks: HookRegistry,
  prepare: Prepare,
): StoreQueries {
  const parse = (fn: string, entity: string, query: unknown): ParsedQuery => {
    entityOf(app, fn, entity);
    if (query !== null && query !== undefined && (typeof query !== 'object' || Array.isArray(query))) {
      throw badRequest(`${fn}: query must be a query map, got ${typeOf(query)}`);
    }
    return parseQuery(schema.entities[entity]!, (query ?? null) as QueryMap | null, schema);
  };
  const find = (entity: string, query?: QueryMap | null) =>
    createCursor(recordSource(prepare, app.entities[entity]!, parse('find', entity, query)));

  return {
    find,
    findRowsJson(entity, query) {
      const q = parse('findRowsJson', entity, query);
      if (q.fields)
        throw badRequest('findRowsJson: _fields projections are applied by find, not findRowsJson');
      return createCursor(rowJsonSource(prepare, app.entities[entity]!, q));
    },
    findOne(entity, query) {
      if (typeof query !== 'string') {
        const q = parse('findOne', entity, query);
        return (
          createCursor(recordSource(prepare, app.entities[entity]!, { ...q, size: 1 }), 1).take(1)[0] ?? null
        );
      }
      const def = entityOf(app, 'findOne', entity);
      const row =
        (isRecordId(query) ? rows.byId(entity, query) : undefined) ??
        (entity === USERS_ENTITY ? rows.byEmail(query) : undefined);
      return row ? rowToRecord(def, row) : null;
    },
    count: (entity, query) => find(entity, query).count(),
    deleteMany(entity, query, remove, opts) {
      const q = parse('deleteMany', entity, query);
      if (!hooks.has(entity, 'beforeRemove') && !hooks.has(entity, 'afterRemove')) {
        const sql = compileDelete(tableName(entity), q);
        return db.prepare(sql.text).run(...sql.params).changes;
      }
      // Interceptors must see each record, so remove them one by one.
      const ids = [
        ...createCursor(recordSource(prepare, app.entities[entity]!, { ...q, size: null, offset: 0 })),
      ].map((r) => r.id!);
      for (const id of ids) remove(entity, id, opts);
      return ids.length;
    },
    aggregate(entity, pipeline) {
      entityOf(app, 'aggregate', entity);
      if (!Array.isArray(pipeline))
        throw badRequest(`aggregate: pipeline must be an array, got ${typeOf(pipeline)}`);
      return createCursor(aggregateSource(prepare, schema, entity, pipeline));
    },
  };
}
