import {
  type AppDefinition,
  assertFields,
  assertId,
  assertMillis,
  assertRecord,
  assertRemoveOptions,
  assertWriteOptions,
  buildAppSchema,
  type CoerceContext,
  createCursor,
  DEFAULT_LOCK_TIMEOUT_MS,
  entityOf,
  isLoadedDefinition,
  isPlainObject,
  isRecordId,
  loadAppDefinition,
  parseQuery,
  tableName,
} from '@warden/store/backend';
import { badRequest, notFound, type RecordData, WardenError } from '@warden/sys-api';
import { v7 as uuidv7 } from 'uuid';
import { createPgLocks } from './pg-locks.js';
import { type PgRow, toRecord } from './pg-row.js';
import { migrateDatabase } from './pg-schema.js';
import type { PgStoreOptions, RecordStore } from './pg-store-types.js';
import { createPgTransactions } from './pg-transactions.js';
import { createPgWrites } from './pg-writes.js';
import { pgOrderBy, pgWhere } from './query/pg-compiler.js';
import { pgParams, quoteIdent } from './query/pg-sql.js';
import { openDriverThread } from './sync/driver-thread.js';
import { openNativeConnection } from './sync/native-connection.js';
import type { SyncConnection } from './sync/sync-connection.js';

const COLUMNS = 'id, version, label, data';
const PAGE = 200;

const databaseName = (url: string) => {
  try {
    return `'${decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres'}'`;
  } catch {
    throw badRequest('openPgStore: database must be a postgres:// URL');
  }
};

function connect(database: PgStoreOptions['database'], driver: PgStoreOptions['driver']): SyncConnection {
  if (typeof database !== 'string') return database;
  if (!/^postgres(ql)?:\/\//.test(database))
    throw badRequest('openPgStore: database must be a postgres:// URL');
  if (driver === 'thread') return openDriverThread(database);
  try {
    return openNativeConnection(database);
  } catch (error) {
    // Without the optional pg-native addon, the driver thread (pure JavaScript) serves.
    if (driver === undefined && (error as { code?: string }).code === 'MODULE_NOT_FOUND')
      return openDriverThread(database);
    throw error;
  }
}

/**
 * Opens the record store over a PostgreSQL database (one session, reached synchronously),
 * migrating its layout and creating the app's tables. Records live as `jsonb` in `rec_<entity>`.
 */
export function openPgStore(options: PgStoreOptions): RecordStore {
  if (!isPlainObject(options)) throw badRequest('openPgStore: options must be an object');
  const app: AppDefinition = isLoadedDefinition(options.app)
    ? options.app
    : loadAppDefinition(options.app as string | object);
  const owned = typeof options.database === 'string';
  const name = owned ? databaseName(options.database as string) : '(connection)';
  let conn: SyncConnection;
  try {
    conn = connect(options.database, options.driver);
  } catch (error) {
    if (error instanceof WardenError) throw error;
    // The driver's text names hosts and ports; the embedder gets the database's name and the cause's SQLSTATE.
    throw new WardenError('systemException', `openPgStore: cannot connect to the database ${name}`, {
      info: { code: 'cannotConnect', sqlState: (error as { code?: string }).code ?? null },
    });
  }
  let schema: ReturnType<typeof buildAppSchema>;
  try {
    schema = buildAppSchema(app, migrateDatabase(conn, app, name));
  } catch (error) {
    if (owned) conn.close();
    throw error;
  }
  const tx = createPgTransactions(conn);
  const locks = createPgLocks(conn, tx);

  const byId = (entity: string, id: string) =>
    conn.query<PgRow>(`SELECT ${COLUMNS} FROM ${quoteIdent(tableName(entity))} WHERE id = $1`, [id]).rows[0];
  const byLabel = (entity: string, label: string) =>
    conn.query<PgRow>(
      `SELECT ${COLUMNS} FROM ${quoteIdent(tableName(entity))} WHERE label = $1 ORDER BY id LIMIT 1`,
      [label],
    ).rows[0];
  const coerce: CoerceContext = {
    resolveRelationship(entity, value) {
      const pick = (row: PgRow | undefined) => (row ? { id: row.id, label: row.label } : null);
      const viaId = (id: unknown) => (isRecordId(id) ? pick(byId(entity, id)) : null);
      if (typeof value === 'string') return viaId(value) ?? pick(byLabel(entity, value));
      if (!isPlainObject(value)) return null;
      if (value.id !== undefined && value.id !== null) return viaId(value.id);
      return typeof value.label === 'string' ? pick(byLabel(entity, value.label)) : null;
    },
    resolveGroup: (key) =>
      schema.groups.find((g) => g.id === key || g.name === key || g.label === key)?.name ?? null,
    newId: () => uuidv7(),
  };
  const writes = createPgWrites({
    conn,
    app,
    tx,
    coerce,
    byId,
    maxRecordBytes: options.maxRecordBytes ?? 1024 * 1024,
  });

  /** Runs a read that may fail on user input (a regexp PostgreSQL rejects) without aborting the run. */
  const guardedRead = <T>(fn: () => T): T => (tx.inTransaction ? tx.transaction(fn) : fn());

  function select(fn: string, entityName: string, query: unknown) {
    const entity = entityOf(app, fn, entityName);
    const es = schema.entities[entity.name]!;
    if (query !== null && query !== undefined && !isPlainObject(query))
      throw badRequest(`${fn}: query must be an object, got ${typeof query}`);
    const q = parseQuery(es, (query as Record<string, unknown>) ?? null, schema);
    if (q.fields) throw badRequest(`${fn}: _fields is not supported on PostgreSQL yet`);
    return { entity, q, table: quoteIdent(tableName(entity.name)) };
  }

  function find(entityName: string, query?: unknown) {
    const { entity, q, table } = select('find', entityName, query);
    let served = 0;
    return createCursor<RecordData>(
      {
        page(limit) {
          const take = q.size === null ? limit : Math.min(limit, q.size - served);
          if (take <= 0) return [];
          const p = pgParams();
          const where = pgWhere(q, p);
          const text = `SELECT ${COLUMNS} FROM ${table}${where} ${pgOrderBy(q.sort)} LIMIT ${p.add(take)} OFFSET ${p.add(q.offset + served)}`;
          const rows = guardedRead(() => conn.query<PgRow>(text, p.values).rows);
          served += rows.length;
          return rows.map((r) => toRecord(entity, r));
        },
        count: () => count(entityName, query),
      },
      PAGE,
    );
  }

  function count(entityName: string, query?: unknown): number {
    const { q, table } = select('count', entityName, query);
    const p = pgParams();
    const where = pgWhere({ ...q, afterId: null }, p);
    return guardedRead(() =>
      Number(
        conn.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}${where}`, p.values).rows[0]?.n ?? 0,
      ),
    );
  }

  function acquire(fn: string, entityName: string, id: string, owner: string, timeoutMs: number) {
    const entity = entityOf(app, fn, entityName);
    assertId(fn, id);
    if (typeof owner !== 'string' || owner === '')
      throw badRequest(`${fn}: owner must be a non-empty string`);
    const wait = assertMillis(fn, 'timeoutMs', timeoutMs);
    if (!byId(entity.name, id)) throw notFound(`${fn}: no '${entity.name}' record has the id ${id}`);
    const got = locks.acquire(entity.name, id, owner, wait);
    if (got === 'deadlock') {
      throw new WardenError(
        'timeout',
        `${fn}: waiting for the '${entity.name}' record ${id} would deadlock`,
        {
          info: { deadlock: true },
        },
      );
    }
    if (!got) return null;
    const row = byId(entity.name, id);
    if (row) return toRecord(entity, row);
    locks.release(entity.name, id, owner);
    throw notFound(`${fn}: the '${entity.name}' record ${id} was removed while waiting for its lock`);
  }

  return {
    app,
    schema,
    get inTransaction() {
      return tx.inTransaction;
    },
    begin: () => tx.begin(),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    transaction: (fn) => tx.transaction(fn),
    insert: (entity, fields, opts) =>
      writes.insert(entity, assertFields('insert', fields), assertWriteOptions('insert', opts)),
    update: (entity, record, opts) =>
      writes.update(entity, assertRecord('update', record), assertWriteOptions('update', opts)),
    save(entity, record, options) {
      const opts = assertWriteOptions('save', options);
      const given = assertRecord('save', record);
      const saved =
        given.id === null || given.id === undefined
          ? writes.insert(entity, given.fields ?? {}, opts)
          : writes.update(entity, given, opts);
      return opts.mode === 'lite' ? null : saved;
    },
    remove: (entity, id, opts) =>
      writes.remove(entity, assertId('remove', id), assertRemoveOptions('remove', opts)),
    findById(entityName, id) {
      const entity = entityOf(app, 'findById', entityName);
      const row = byId(entity.name, assertId('findById', id));
      return row ? toRecord(entity, row) : null;
    },
    find: (entity, query) => find(entity, query),
    findOne(entityName, query) {
      const entity = entityOf(app, 'findOne', entityName);
      if (typeof query === 'string') {
        if (isRecordId(query)) {
          const row = byId(entity.name, query);
          if (row || entity.name !== 'sys.users') return row ? toRecord(entity, row) : null;
        }
        if (entity.name !== 'sys.users') return null;
        return find(entity.name, { email: query, _size: 1 }).take(1)[0] ?? null;
      }
      return find(entity.name, { ...(query ?? {}), _size: 1 }).take(1)[0] ?? null;
    },
    count: (entity, query) => count(entity, query),
    deleteMany(entityName, query, options) {
      assertRemoveOptions('deleteMany', options);
      const { q, table } = select('deleteMany', entityName, query);
      const p = pgParams();
      const where = pgWhere({ ...q, afterId: null }, p);
      return tx.transaction(() => conn.query(`DELETE FROM ${table}${where}`, p.values).rowCount);
    },
    lock(entity, id, owner, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS) {
      const record = acquire('lock', entity, id, owner, timeoutMs);
      if (record) return record;
      throw new WardenError(
        'timeout',
        `lock: the '${entity}' record ${id} stayed locked for ${timeoutMs} ms`,
      );
    },
    tryLock: (entity, id, owner, timeoutMs = 0) => acquire('tryLock', entity, id, owner, timeoutMs),
    unlock(entity, id, owner) {
      entityOf(app, 'unlock', entity);
      assertId('unlock', id);
      locks.release(entity, id, owner);
    },
    releaseLocks: (owner) => locks.releaseAll(owner),
    close() {
      tx.rollback();
      if (owned) conn.close();
    },
  };
}
