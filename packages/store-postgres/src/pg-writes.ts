import type { RemoveOptions, WriteOptions } from '@warden/store';
import {
  type AppDefinition,
  type CoerceContext,
  computeLabel,
  type EntityDef,
  entityOf,
  mergeFields,
  type NormalizeOptions,
  normalizeFields,
  tableName,
  toStorage,
} from '@warden/store/backend';
import { type FieldError, notFound, type RecordData, validationErrors, WardenError } from '@warden/sys-api';
import { v7 as uuidv7 } from 'uuid';
import { pgError } from './pg-errors.js';
import { type PgRow, toRecord } from './pg-row.js';
import type { PgTransactions } from './pg-transactions.js';
import { jsonAt, quoteIdent, textAt } from './query/pg-sql.js';
import type { SyncConnection } from './sync/sync-connection.js';

/** What the writes need from the store. */
export interface PgWriteDeps {
  conn: SyncConnection;
  app: AppDefinition;
  tx: PgTransactions;
  coerce: CoerceContext;
  byId(entity: string, id: string): PgRow | undefined;
  maxRecordBytes: number;
}

const UNIQUE_MESSAGE = 'must be unique, another record has this value';

const modeOf = (opts: WriteOptions): NormalizeOptions => ({
  defaults: opts.mode !== 'lite' && opts.defaultValues !== false,
  validations: opts.mode !== 'lite' && opts.performValidations !== false,
});

/**
 * Inserts, updates and removes records. Each write is a unit of work: inside a run's transaction
 * a savepoint, so that a refused write (a unique clash) leaves the run's transaction usable, as
 * on SQLite; PostgreSQL would otherwise abort the whole transaction at the failed statement.
 */
export function createPgWrites(deps: PgWriteDeps) {
  const { conn, app, tx, coerce, byId, maxRecordBytes } = deps;

  /** Unique fields whose value a record other than `id` holds. */
  function clashes(entity: EntityDef, values: Record<string, unknown>, id: string): FieldError[] {
    const table = quoteIdent(tableName(entity.name));
    const out: FieldError[] = [];
    for (const [name, def] of Object.entries(entity.fields)) {
      const value = values[name];
      if (!def.unique || value === null || value === undefined) continue;
      const [expr, param] =
        def.type === 'email'
          ? [`lower(${textAt('data', [name])}) = lower($1)`, String(value)]
          : def.type === 'relationship'
            ? [`${textAt('data', [name, 'id'])} = $1`, (value as { id: string }).id]
            : [`${jsonAt('data', [name])} = $1::jsonb`, JSON.stringify(value)];
      if (
        conn.query(`SELECT 1 FROM ${table} WHERE ${expr} AND id <> $2 LIMIT 1`, [param, id]).rows.length > 0
      )
        out.push({ field: name, code: 'unique', message: UNIQUE_MESSAGE });
    }
    return out;
  }

  function normalize(entity: EntityDef, input: Record<string, unknown>, id: string, mode: NormalizeOptions) {
    const errors: FieldError[] = [];
    const values = normalizeFields(entity.fields, input, '', coerce, errors, mode);
    if (errors.length > 0) {
      errors.push(...clashes(entity, values, id).filter((c) => !errors.some((e) => e.field === c.field)));
      throw validationErrors(errors);
    }
    return values;
  }

  function store(entity: EntityDef, id: string, row: PgRow | null, values: Record<string, unknown>): PgRow {
    const table = tableName(entity.name);
    // Keys of fields removed from the definition stay in the row: migrations never lose data.
    const kept = Object.fromEntries(
      Object.entries(row?.data ?? {}).filter(([k]) => !Object.hasOwn(entity.fields, k)),
    );
    const data = { ...kept, ...toStorage(entity.fields, values) };
    const label = computeLabel(entity, data);
    const json = JSON.stringify(data);
    const bytes = Buffer.byteLength(json);
    if (bytes > maxRecordBytes) {
      throw new WardenError(
        'systemException',
        `save: a '${entity.name}' record of ${bytes} bytes exceeds the record size limit of ${maxRecordBytes} bytes`,
        { info: { limit: 'maxRecordBytes', entity: entity.name, bytes, maxRecordBytes } },
      );
    }
    try {
      if (!row) {
        conn.query(
          `INSERT INTO ${quoteIdent(table)} (id, version, label, data) VALUES ($1, 1, $2, $3::jsonb)`,
          [id, label, json],
        );
        return { id, version: 1, label, data };
      }
      const sql = `UPDATE ${quoteIdent(table)} SET version = version + 1, label = $1, data = $2::jsonb WHERE id = $3 AND version = $4`;
      if (conn.query(sql, [label, json, id, row.version]).rowCount !== 1)
        throw new WardenError('optimisticLocking', `update: '${entity.name}' record ${id} changed meanwhile`);
      return { id, version: row.version + 1, label, data };
    } catch (error) {
      // The unique index names one field; `unit` adds the others once the savepoint is undone.
      throw pgError('save', error, { def: entity, table });
    }
  }

  /** A write as a unit of work; a unique clash is reported with every clashing field after the savepoint rolled back. */
  function unit(
    entity: EntityDef,
    values: () => Record<string, unknown>,
    id: string,
    fn: () => PgRow,
  ): PgRow {
    try {
      return tx.transaction(fn);
    } catch (error) {
      if (error instanceof WardenError && error.code === 'validationErrors') {
        const found = clashes(entity, values(), id);
        if (found.length > 1) throw validationErrors(found);
      }
      throw error;
    }
  }

  return {
    insert(entityName: string, input: Record<string, unknown>, opts: WriteOptions): RecordData {
      const entity = entityOf(app, 'insert', entityName);
      const id = uuidv7();
      let values: Record<string, unknown> = {};
      const row = unit(
        entity,
        () => values,
        id,
        () => {
          values = normalize(entity, input, id, modeOf(opts));
          return store(entity, id, null, values);
        },
      );
      return toRecord(entity, row);
    },
    update(entityName: string, given: RecordData, opts: WriteOptions): RecordData {
      const entity = entityOf(app, 'update', entityName);
      if (typeof given.id !== 'string')
        throw new WardenError('badRequest', 'update: record.id must be a string, got null');
      const id = given.id;
      let values: Record<string, unknown> = {};
      const row = unit(
        entity,
        () => values,
        id,
        () => {
          const current = byId(entity.name, id);
          if (!current) throw notFound(`update: no '${entity.name}' record has the id ${id}`);
          const checkVersion = opts.mode !== 'lite' && given.version !== null && given.version !== undefined;
          if (checkVersion && given.version !== current.version) {
            throw new WardenError(
              'optimisticLocking',
              `update: '${entity.name}' record ${id} is at version ${current.version}, the record given is at version ${given.version}`,
            );
          }
          const previous = toRecord(entity, current).fields;
          const readable = Object.fromEntries(
            Object.entries(previous).filter(([k]) => !entity.fields[k]?.writeOnly),
          );
          values = normalize(
            entity,
            mergeFields(entity.fields, readable, given.fields ?? {}),
            id,
            modeOf(opts),
          );
          return store(entity, id, current, values);
        },
      );
      return toRecord(entity, row);
    },
    remove(entityName: string, id: string, _opts: RemoveOptions): RecordData {
      const entity = entityOf(app, 'remove', entityName);
      const rows = conn.query<PgRow>(
        `DELETE FROM ${quoteIdent(tableName(entity.name))} WHERE id = $1 RETURNING id, version, label, data`,
        [id],
      ).rows;
      if (!rows[0]) throw notFound(`remove: no '${entity.name}' record has the id ${id}`);
      return toRecord(entity, rows[0]);
    },
  };
}
