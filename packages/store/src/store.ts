import { type AppSchema, badRequest, type RecordData, type SaveOptions } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import type { AppDefinition } from './app-definition.js';
import { isLoadedDefinition, loadAppDefinition } from './app-definition-load.js';
import { buildAppSchema } from './app-schema.js';
import { checkDatabase } from './database-check.js';
import { openDatabase } from './database-open.js';
import type { CoerceContext } from './field-coerce.js';
import { assertId, assertRemoveOptions, assertWriteOptions, entityOf, isRecordId } from './input-guard.js';
import { migrate } from './migrate.js';
import { isPlainObject, typeOf } from './problems.js';
import { createHookRegistry } from './record-hooks.js';
import { createRecordLocks } from './record-locks.js';
import { createRowReader, type RecordRow, type RowReader, rowToRecord } from './record-read.js';
import { createRecordWriter } from './record-write.js';
import { createScopedReader } from './scoped-reader.js';
import { syncStableIds } from './stable-ids.js';
import { createStatementCache } from './statement-cache.js';
import { openError } from './storage-errors.js';
import { createStoreLocks } from './store-locks.js';
import { createStoreQueries } from './store-queries.js';
import type { Store, StoreOptions } from './store-types.js';
import { createTransactions } from './transaction.js';

/** The default of `StoreOptions.maxRecordBytes`: as much as one call's arguments may carry by default. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

function checkOptions(options: StoreOptions): {
  file: string;
  busy: number;
  app: AppDefinition;
  maxRecordBytes: number;
  adopt: boolean;
  name: string;
} {
  if (!isPlainObject(options))
    throw badRequest(`openStore: options must be an object, got ${typeOf(options)}`);
  const { database, busyTimeoutMs = 5000, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES } = options;
  if (typeof database !== 'string' || database === '')
    throw badRequest('openStore: database must be a file path or :memory:');
  if (typeof busyTimeoutMs !== 'number' || !Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw badRequest(`openStore: busyTimeoutMs must be a number >= 0, got ${typeOf(busyTimeoutMs)}`);
  }
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1024) {
    throw badRequest(`openStore: maxRecordBytes must be an integer >= 1024, got ${typeOf(maxRecordBytes)}`);
  }
  const { adoptForeignDatabase = false, databaseName = database } = options;
  if (typeof databaseName !== 'string') {
    throw badRequest(`openStore: databaseName must be a string, got ${typeOf(databaseName)}`);
  }
  if (typeof adoptForeignDatabase !== 'boolean') {
    throw badRequest(
      `openStore: adoptForeignDatabase must be a boolean, got ${typeOf(adoptForeignDatabase)}`,
    );
  }
  const app = isLoadedDefinition(options.app)
    ? options.app
    : loadAppDefinition(options.app as string | object);
  return {
    file: database,
    busy: busyTimeoutMs,
    app,
    maxRecordBytes,
    adopt: adoptForeignDatabase,
    name: databaseName,
  };
}

/** Migrates and syncs ids in one immediate transaction, so concurrent openers take turns. */
function migrateAndSync(db: Database.Database, app: AppDefinition): AppSchema {
  const run = db.transaction(() => {
    migrate(db, app);
    return buildAppSchema(app, {
      groups: syncStableIds(db, '_warden_groups', app.groups),
      identityProviders: syncStableIds(db, '_warden_identity_providers', app.identityProviders),
    });
  });
  return run.immediate();
}

function coercion(schema: AppSchema, rows: RowReader): CoerceContext {
  const pick = (row: { id: string; label: string | null } | undefined) =>
    row ? { id: row.id, label: row.label } : null;
  return {
    resolveRelationship(entity, value) {
      const byLabel = (label: string) => pick(rows.byLabel(entity, label));
      const byId = (id: unknown) => (isRecordId(id) ? pick(rows.byId(entity, id)) : null);
      if (typeof value === 'string') return byId(value) ?? byLabel(value);
      if (!isPlainObject(value)) return null;
      if (value.id !== undefined && value.id !== null) return byId(value.id);
      return typeof value.label === 'string' ? byLabel(value.label) : null;
    },
    resolveGroup(key) {
      const { groups } = schema;
      return (
        (
          groups.find((g) => g.id === key) ??
          groups.find((g) => g.name === key) ??
          groups.find((g) => g.label === key)
        )?.name ?? null
      );
    },
    newId: () => uuidv7(),
  };
}

/**
 * Opens (creating or migrating) the store over a SQLite file. Refuses definition changes
 * that stored rows would break, with a badRequest that says which and why.
 */
export function openStore(options: StoreOptions): Store {
  const { file, busy, app, maxRecordBytes, adopt, name } = checkOptions(options);
  const check = (opened: Database.Database) => checkDatabase(opened, name, { adoptForeignDatabase: adopt });
  const db = openDatabase(file, busy, check, name);
  let schema: AppSchema;
  let locks: ReturnType<typeof createRecordLocks>;
  try {
    schema = migrateAndSync(db, app);
    locks = createRecordLocks(file === ':memory:' ? ':memory:' : `${file}-locks`, busy);
  } catch (error) {
    db.close();
    throw openError(error, name);
  }
  const rows = createRowReader(db);
  const hooks = createHookRegistry();
  const tx = createTransactions(db, busy);
  const coerce = coercion(schema, rows);
  const prepare = createStatementCache(db);
  const writer = createRecordWriter({ db, app, rows, hooks, tx, coerce, prepare, maxRecordBytes });
  const queries = createStoreQueries(db, app, schema, rows, hooks, prepare);
  const storeLocks = createStoreLocks(app, rows, locks);

  // A written row's entity was checked by the write.
  const asRecord = (entity: string, row: RecordRow) => rowToRecord(app.entities[entity]!, row);
  function saveRow(entity: string, record: RecordData, options?: SaveOptions): RecordRow | null {
    const opts = assertWriteOptions('save', options);
    const isNew = isPlainObject(record) && (record.id === null || record.id === undefined);
    const row = isNew
      ? writer.insert(entity, (record as RecordData).fields ?? {}, opts)
      : writer.update(entity, record, opts);
    return opts.mode === 'lite' ? null : row;
  }

  return {
    db,
    app,
    schema,
    get inTransaction() {
      return tx.inTransaction;
    },
    get writing() {
      return tx.writing;
    },
    begin: (options) => tx.begin(options),
    upgrade: () => tx.upgrade(),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    transaction: (fn) => tx.transaction(fn),
    insert: (entity, fields, opts) => asRecord(entity, writer.insert(entity, fields, opts)),
    update: (entity, record, opts) => asRecord(entity, writer.update(entity, record, opts)),
    save(entity, record, options) {
      const row = saveRow(entity, record, options);
      return row && asRecord(entity, row);
    },
    saveRow,
    remove: (entity, id, opts) => writer.remove(entity, id, opts),
    findById(entity, id) {
      const def = entityOf(app, 'findById', entity);
      const row = rows.byId(entity, assertId('findById', id));
      return row ? rowToRecord(def, row) : null;
    },
    findRowJsonById(entity, id) {
      entityOf(app, 'findRowJsonById', entity);
      return rows.jsonById(entity, assertId('findRowJsonById', id)) ?? null;
    },
    find: (entity, query) => queries.find(entity, query),
    findRowsJson: (entity, query) => queries.findRowsJson(entity, query),
    findOne: (entity, query) => queries.findOne(entity, query),
    count: (entity, query) => queries.count(entity, query),
    deleteMany(entity, query, options) {
      const opts = assertRemoveOptions('deleteMany', options);
      return tx.transaction(() => queries.deleteMany(entity, query, writer.remove, opts));
    },
    aggregate: (entity, pipeline) => queries.aggregate(entity, pipeline),
    validate: (entity, fields, id) => writer.validate(entity, fields, id),
    resolveRelationship(entity, value) {
      entityOf(app, 'resolveRelationship', entity);
      if (typeof value !== 'string' && !isPlainObject(value)) {
        throw badRequest(
          `resolveRelationship: value must be an id, a label, {id} or {label}, got ${typeOf(value)}`,
        );
      }
      return coerce.resolveRelationship(entity, value);
    },
    scoped: (rules) => createScopedReader({ db, app, schema, hooks, prepare }, rules),
    ...storeLocks,
    intercept(entity, hooksOfEntity) {
      entityOf(app, 'intercept', entity);
      if (!isPlainObject(hooksOfEntity)) throw badRequest('intercept: hooks must be an object of functions');
      return hooks.add(entity, hooksOfEntity);
    },
    close() {
      locks.close();
      if (db.open) db.close();
    },
  };
}
