import { type FieldError, notFound, type RecordData, validationErrors, WardenError } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { AppDefinition, EntityDef } from './app-definition.js';
import type { CoerceContext } from './field-coerce.js';
import {
  assertFields,
  assertId,
  assertRecord,
  assertRemoveOptions,
  assertWriteOptions,
  entityOf,
} from './input-guard.js';
import type { HookRegistry, HookStage, RemoveOptions, WriteOptions } from './record-hooks.js';
import { computeLabel } from './record-label.js';
import { type RecordRow, type RowReader, rowToRecord } from './record-read.js';
import { mergeFields, toStorage } from './record-shape.js';
import { recordTable } from './record-table.js';
import { findUniqueClashes, uniqueErrorOf } from './record-unique.js';
import { type NormalizeOptions, normalizeFields } from './record-validate.js';
import type { Prepare } from './statement-cache.js';
import type { Transactions } from './transaction.js';

/** What the writer needs from the store. */
export interface WriterDeps {
  db: Database.Database;
  app: AppDefinition;
  rows: RowReader;
  hooks: HookRegistry;
  tx: Transactions;
  coerce: CoerceContext;
  prepare: Prepare;
  /** Bytes of a stored record's data JSON that no write may exceed. */
  maxRecordBytes: number;
}

/**
 * Validates and writes records; every write is one atomic unit of work. Writes answer the row
 * they stored, built from what was written rather than read back.
 */
export interface RecordWriter {
  insert(entity: string, fields: unknown, opts?: WriteOptions): RecordRow;
  update(entity: string, record: unknown, opts?: WriteOptions): RecordRow;
  remove(entity: string, id: string, opts?: RemoveOptions): RecordData;
  /** Field errors of `fields` (with unique clashes against records other than `id`). */
  validate(entity: string, fields: unknown, id?: string | null): FieldError[];
}

const SAVE_STAGES = ['beforeSave', 'afterSave'] as const;
const REMOVE_STAGES = ['beforeRemove', 'afterRemove'] as const;

const modeOf = (opts: WriteOptions): NormalizeOptions => {
  const lite = opts.mode === 'lite';
  return {
    defaults: !lite && opts.defaultValues !== false,
    validations: !lite && opts.performValidations !== false,
  };
};

export function createRecordWriter(deps: WriterDeps): RecordWriter {
  const { app, rows, hooks, tx, coerce, prepare, maxRecordBytes } = deps;

  /**
   * Normalizes; throws validationErrors with every problem. Unique fields are looked up only when
   * something else failed (to report it all at once) or `uniqueFirst` asks: otherwise the write's
   * unique index finds a clash, and `write` reports it the same way.
   */
  function normalize(
    entity: EntityDef,
    input: Record<string, unknown>,
    id: string,
    mode: NormalizeOptions,
    uniqueFirst: boolean,
  ) {
    const errors: FieldError[] = [];
    const values = normalizeFields(entity.fields, input, '', coerce, errors, mode);
    if (errors.length > 0 || uniqueFirst) addClashes(errors, entity, values, id);
    if (errors.length > 0) throw validationErrors(errors);
    return values;
  }

  /** Adds the unique-value clashes of `values` to `errors`, except on fields already reported. */
  function addClashes(errors: FieldError[], entity: EntityDef, values: Record<string, unknown>, id: string) {
    const clashes = findUniqueClashes(prepare, entity, values, id);
    errors.push(...clashes.filter((c) => !errors.some((e) => e.field === c.field)));
  }

  /**
   * Runs the write of record `id`, turning a unique-index failure into validationErrors: every
   * clashing field (the index names only the first), or the index's own when the lookup finds none.
   */
  function write(
    entity: EntityDef,
    id: string,
    values: Record<string, unknown>,
    sql: string,
    ...params: unknown[]
  ): Database.RunResult {
    try {
      return prepare(sql).run(...params);
    } catch (error) {
      const field = uniqueErrorOf(entity, error);
      if (!field) throw error;
      const clashes = findUniqueClashes(prepare, entity, values, id);
      throw validationErrors(clashes.length > 0 ? clashes : [field]);
    }
  }

  /**
   * One write as a unit of work. Inside an open transaction, a write that no hook can extend is a
   * single statement, which SQLite already applies whole or not at all: no savepoint needed.
   */
  function unit<T>(entity: EntityDef, stages: readonly HookStage[], fn: () => T): T {
    if (tx.inTransaction && !stages.some((stage) => hooks.has(entity.name, stage))) return fn();
    return tx.transaction(fn);
  }

  function store(
    entity: EntityDef,
    id: string,
    row: RecordRow | null,
    values: Record<string, unknown>,
  ): RecordRow {
    const table = recordTable(entity.name);
    const previous = row ? (JSON.parse(row.data) as Record<string, unknown>) : {};
    // Keys of fields removed from the definition stay in the row: migrations never lose data.
    const kept = Object.fromEntries(
      Object.entries(previous).filter(([k]) => !Object.hasOwn(entity.fields, k)),
    );
    const data = { ...kept, ...toStorage(entity.fields, values) };
    const label = computeLabel(entity, data);
    const json = JSON.stringify(data);
    // Every write goes through here: a record grown by partial updates is refused like a big insert.
    if (json.length * 3 > maxRecordBytes) {
      const bytes = Buffer.byteLength(json);
      if (bytes > maxRecordBytes) {
        throw new WardenError(
          'systemException',
          `save: a '${entity.name}' record of ${bytes} bytes exceeds the record size limit of ${maxRecordBytes} bytes`,
          { info: { limit: 'maxRecordBytes', entity: entity.name, bytes, maxRecordBytes } },
        );
      }
    }
    if (!row) {
      write(
        entity,
        id,
        values,
        `INSERT INTO ${table} (id, version, label, data) VALUES (?, 1, ?, ?)`,
        id,
        label,
        json,
      );
      return { id, version: 1, label, data: json };
    }
    const sql = `UPDATE ${table} SET version = version + 1, label = ?, data = ? WHERE id = ? AND version = ?`;
    const result = write(entity, id, values, sql, label, json, id, row.version);
    if (result.changes !== 1)
      throw new WardenError('optimisticLocking', `update: '${entity.name}' record ${id} changed meanwhile`);
    return { id, version: row.version + 1, label, data: json };
  }

  function save(
    fn: string,
    entity: EntityDef,
    id: string,
    row: RecordRow | null,
    input: Record<string, unknown>,
    opts: WriteOptions,
  ): RecordRow {
    const mode = modeOf(opts);
    const previous = row ? rowToRecord(entity, row) : null;
    const merged = previous ? mergeFields(entity.fields, withoutWriteOnly(entity, previous), input) : input;
    // A lite save skips every interceptor except the enforced ones (guards the embedder set up).
    const only = opts.mode === 'lite';
    const intercepted = hooks.has(entity.name, 'beforeSave', only);
    const values = normalize(entity, merged, id, mode, intercepted);
    if (only && !intercepted && !hooks.has(entity.name, 'afterSave', true)) {
      return store(entity, id, row, values);
    }
    const record: RecordData = { id, version: row?.version ?? 1, label: row?.label ?? null, fields: values };
    const event = { entity: entity.name, isNew: !row, record, previous, options: opts, saveKey: {} };
    let final = values;
    if (intercepted) {
      hooks.run(entity.name, 'beforeSave', event, only);
      // Interceptors may change fields: check what they wrote as strictly as the caller's input.
      assertFields(`${fn} (beforeSave interceptor)`, record.fields, 'record.fields');
      final = normalize(entity, record.fields, id, { ...mode, defaults: false }, false);
    }
    const saved = store(entity, id, row, final);
    if (hooks.has(entity.name, 'afterSave', only)) {
      hooks.run(entity.name, 'afterSave', { ...event, record: rowToRecord(entity, saved) }, only);
    }
    return saved;
  }

  return {
    insert(entityName, fields, options) {
      const entity = entityOf(app, 'insert', entityName);
      const input = assertFields('insert', fields);
      const opts = assertWriteOptions('insert', options);
      return unit(entity, SAVE_STAGES, () => save('insert', entity, uuidv7(), null, input, opts));
    },
    update(entityName, record, options) {
      const entity = entityOf(app, 'update', entityName);
      const given = assertRecord('update', record);
      const opts = assertWriteOptions('update', options);
      if (typeof given.id !== 'string')
        throw new WardenError('badRequest', 'update: record.id must be a string, got null');
      const id = given.id;
      return unit(entity, SAVE_STAGES, () => {
        const row = rows.byId(entity.name, id);
        if (!row) throw notFound(`update: no '${entity.name}' record has the id ${id}`);
        const checkVersion = opts.mode !== 'lite' && given.version !== null && given.version !== undefined;
        if (checkVersion && given.version !== row.version) {
          throw new WardenError(
            'optimisticLocking',
            `update: '${entity.name}' record ${id} is at version ${row.version}, the record given is at version ${given.version}`,
          );
        }
        return save('update', entity, id, row, given.fields ?? {}, opts);
      });
    },
    remove(entityName, id, options) {
      const entity = entityOf(app, 'remove', entityName);
      assertId('remove', id);
      const opts = assertRemoveOptions('remove', options);
      return unit(entity, REMOVE_STAGES, () => {
        const row = rows.byId(entity.name, id);
        if (!row) throw notFound(`remove: no '${entity.name}' record has the id ${id}`);
        const record = rowToRecord(entity, row);
        hooks.run(entity.name, 'beforeRemove', { entity: entity.name, record, options: opts });
        prepare(`DELETE FROM ${recordTable(entity.name)} WHERE id = ?`).run(id);
        hooks.run(entity.name, 'afterRemove', { entity: entity.name, record, options: opts });
        return record;
      });
    },
    validate(entityName, fields, id = null) {
      const entity = entityOf(app, 'validate', entityName);
      const errors: FieldError[] = [];
      const values = normalizeFields(entity.fields, assertFields('validate', fields), '', coerce, errors, {
        defaults: false,
        validations: true,
      });
      addClashes(errors, entity, values, id ?? '');
      return errors;
    },
  };
}

/** The previous record's fields without write-only ones (always null when read). */
function withoutWriteOnly(entity: EntityDef, record: RecordData): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record.fields).filter(([k]) => !entity.fields[k]?.writeOnly));
}
