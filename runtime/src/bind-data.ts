import { storedRowJson } from '@warden/store';
import type { RecordData } from '@warden/sys-api';
import { badRequest, isWardenError, notFound, WardenError } from '@warden/sys-api';
import { arr, int, obj, optInt, str, wire } from './bind-args.js';
import { checkDeleteOptions, checkSaveOptions } from './data-options.js';
import type { OpTable } from './op-table.js';
import { rawJson } from './raw-json.js';
import { guardedSave, readerOf, requireRight, runAccess } from './run-access.js';
import { dropLock, takeLock } from './run-locks.js';
import { type PageCursor, type RunState, toRecord, toWire } from './run-state.js';

const MAX_PAGE = 1000;
/** Slingr's default lock timeout (the store's), and the most a script may ask for. */
const LOCK_TIMEOUT_MS = 300_000;
const MAX_LOCK_TIMEOUT_MS = 30 * 60_000;
/** What a lock wait leaves of the run's time, so that it fails with its own error, not the wall limit. */
const LOCK_MARGIN_MS = 75;

/** `sys.data.*`: records, queries, cursors, locks. */
export function bindData(state: RunState): OpTable {
  const { store } = state;

  // A page `{cursor, items, more}`; cursors of stored rows give their items as JSON text, spliced.
  const page = (handle: string, size: number, first = false) => {
    const cursor = state.cursors.get(handle);
    if (!cursor) throw badRequest(`sys.data: the result set is closed or unknown`);
    const items = cursor.take(size);
    const more = items.length === size;
    if (!more) {
      cursor.close();
      state.cursors.delete(handle);
    }
    const opened = first ? { cursor: handle } : {};
    if (!cursor.json) return { ...opened, items, more };
    const head = first ? `"cursor":${JSON.stringify(handle)},` : '';
    return rawJson(`{${head}"items":[${items.join(',')}],"more":${more}}`);
  };

  const open = (cursor: PageCursor, size: number) => {
    const handle = state.nextCursorId();
    state.cursors.set(handle, cursor);
    return page(handle, size, true);
  };

  // One save: the stored row as JSON text, or 'null' in lite mode.
  const save = (op: string, record: unknown, options: unknown): string => {
    const r = wire(op, 'record', record);
    const opts = checkSaveOptions(options, state.quietWrites, state.enforce);
    state.touch();
    const write = () =>
      guardedSave(
        state,
        `sys.data.${op}`,
        r.entity,
        toRecord(r),
        (record) => store.saveRow(r.entity, record, opts.store),
        (row) => row?.id ?? null,
      );
    const row = opts.lockRecord && r.id ? lockedWrite(state, r.entity, r.id, write) : write();
    return row ? storedRowJson(row) : 'null';
  };

  // A lock wait never outlasts the run: the time asked for, or what the run has left.
  const lockWait = (fn: string, timeout: unknown, fallback: number) => {
    const asked = optInt(fn, 'timeout', timeout, 0, MAX_LOCK_TIMEOUT_MS) ?? fallback;
    const left = Math.max(0, Math.floor(state.deadline - Date.now() - LOCK_MARGIN_MS));
    return { ms: Math.min(asked, left), capped: left < asked };
  };

  const storedRecord = (entity: string, id: string) => {
    const json = readerOf(state).findRowJsonById(entity, id);
    return json && rawJson(json);
  };

  // Under access rules a lock needs a record the user sees, and answers it as they see it.
  const visible = (entity: string, id: string, call: string) => {
    const access = runAccess(state);
    if (access && !access.reader.findById(entity, id))
      throw notFound(`sys.data.${call}: no '${entity}' record with id '${id}'`);
  };
  const scopedWire = (entity: string, record: RecordData) => {
    const access = runAccess(state);
    const seen = access && record.id ? access.reader.findById(entity, record.id) : record;
    return toWire(entity, seen ?? record);
  };

  return {
    'data.findById': ([entity, id]) => {
      const e = str('findById', 'entityName', entity);
      state.touch();
      return storedRecord(e, str('findById', 'id', id));
    },
    'data.findOne': ([entity, query]) => {
      const e = str('findOne', 'entityName', entity);
      state.touch();
      const record = readerOf(state).findOne(
        e,
        typeof query === 'string' ? query : obj('findOne', 'query', query),
      );
      return record && toWire(e, record);
    },
    'data.find': ([entity, query, size]) => {
      const e = str('find', 'entityName', entity);
      const q = obj('find', 'query', query);
      const n = int('find', 'pageSize', size, 1, MAX_PAGE);
      state.touch();
      // Projections (`_fields`) shape records on the host; any other query sends stored rows.
      if (q?._fields !== undefined && q._fields !== null) {
        return open(
          mapCursor(readerOf(state).find(e, q), (r) => toWire(e, r)),
          n,
        );
      }
      return open({ ...readerOf(state).findRowsJson(e, q), json: true }, n);
    },
    'data.aggregate': ([entity, pipeline, size]) => {
      const e = str('aggregate', 'entityName', entity);
      const stages = arr('aggregate', 'pipeline', pipeline);
      const n = int('aggregate', 'pageSize', size, 1, MAX_PAGE);
      state.touch();
      return open(readerOf(state).aggregate(e, stages), n);
    },
    'data.cursorNext': ([handle, size]) =>
      page(str('ResultSet.next', 'cursor', handle), int('ResultSet.next', 'pageSize', size, 1, MAX_PAGE)),
    'data.cursorCount': ([handle]) => {
      const cursor = state.cursors.get(str('ResultSet.count', 'cursor', handle));
      if (!cursor) throw badRequest('ResultSet.count: the result set is closed');
      return cursor.count();
    },
    'data.cursorClose': ([handle]) => {
      const h = str('ResultSet.close', 'cursor', handle);
      state.cursors.get(h)?.close();
      state.cursors.delete(h);
      return null;
    },
    'data.count': ([entity, query]) => {
      const e = str('count', 'entityName', entity);
      state.touch();
      return readerOf(state).count(e, obj('count', 'query', query));
    },
    'data.save': ([record, options]) => rawJson(save('save', record, options)),
    'data.saveMany': ([saves]) => {
      const texts: string[] = [];
      for (const item of arr('saveMany', 'saves', saves)) {
        const [record, options] = arr('saveMany', 'a save', item);
        texts.push(save('saveMany', record, options));
      }
      return rawJson(`[${texts.join(',')}]`);
    },
    'data.remove': ([entity, id]) => {
      const e = str('remove', 'entityName', entity);
      state.touch();
      const i = str('remove', 'id', id);
      requireRight(state, 'sys.data.remove', e, i, 'delete');
      return toWire(e, store.remove(e, i));
    },
    'data.delete': ([entity, query, options]) => {
      const e = str('delete', 'entityName', entity);
      const q = obj('delete', 'query', query);
      const opts = checkDeleteOptions(options, state.quietWrites);
      state.touch();
      const access = runAccess(state);
      if (!access) return store.deleteMany(e, q, opts);
      // Only the records the user may delete: matches of the query they can see, one by one.
      const ids = [...access.reader.find(e, { ...q, _size: undefined, _offset: undefined })].map(
        (r) => r.id!,
      );
      let removed = 0;
      for (const i of ids) {
        if (access.rights.entities[e]!.delete === 'never') break;
        try {
          requireRight(state, 'sys.data.delete', e, i, 'delete');
        } catch {
          continue;
        }
        store.remove(e, i, opts);
        removed++;
      }
      return removed;
    },
    'data.refresh': ([entity, id]) => {
      const e = str('refresh', 'entityName', entity);
      state.touch();
      return storedRecord(e, str('refresh', 'id', id));
    },
    'data.validate': ([record]) => {
      const r = wire('validate', 'record', record);
      state.touch();
      return store.validate(r.entity, r.fields);
    },
    'data.lock': ([entity, id, timeout]) => {
      const e = str('lock', 'entityName', entity);
      state.touch();
      const key = str('lock', 'id', id);
      visible(e, key, 'lock');
      const wait = lockWait('lock', timeout, LOCK_TIMEOUT_MS);
      try {
        return scopedWire(e, takeLock(state, e, key, wait.ms, true, { breakDeadlocks: !state.replaying })!);
      } catch (error) {
        if (!wait.capped || !isWardenError(error) || error.code !== 'timeout' || error.info.deadlock)
          throw error;
        throw new WardenError(
          'timeout',
          `lock: the '${e}' record ${key} stayed locked for the ${wait.ms} ms the run had left`,
        );
      }
    },
    'data.tryLock': ([entity, id, timeout]) => {
      const e = str('tryLock', 'entityName', entity);
      state.touch();
      const key = str('tryLock', 'id', id);
      visible(e, key, 'tryLock');
      const { ms } = lockWait('tryLock', timeout, 0);
      const record = takeLock(state, e, key, ms, false, { breakDeadlocks: !state.replaying });
      return record && scopedWire(e, record);
    },
    'data.unlock': ([entity, id]) => {
      dropLock(state, str('unlock', 'entityName', entity), str('unlock', 'id', id));
      return null;
    },
    'data.resolveRelationship': ([entity, value]) => {
      state.touch();
      return readerOf(state).resolveRelationship(str('field.val', 'entityName', entity), value);
    },
  };
}

/** A cursor whose rows are mapped on the way out, keeping take/count/close. */
function mapCursor<T, U>(
  cursor: { take(n: number): T[]; count(): number; close(): void; heldBytes?(): number },
  fn: (row: T) => U,
) {
  return {
    take: (n: number) => cursor.take(n).map(fn),
    count: () => cursor.count(),
    close: () => cursor.close(),
    heldBytes: () => cursor.heldBytes?.() ?? 0,
  };
}

/** How long a save with `lockRecord: true` waits for another run to release the record. */
export const LOCK_RECORD_WAIT_MS = 5000;

/**
 * Slingr's `lockRecord`: the write holds the record's lock (reentrant, so a lock the run already
 * holds is kept), waiting up to `LOCK_RECORD_WAIT_MS` for another run's lock; `timeout` otherwise.
 */
function lockedWrite<T>(state: RunState, entity: string, id: string, write: () => T): T {
  state.tookLocks = true;
  try {
    state.store.lock(entity, id, state.runId, LOCK_RECORD_WAIT_MS);
  } catch (error) {
    // A missing record: the write reports it in its own words.
    if (isWardenError(error) && error.code === 'notFound') return write();
    if (!isWardenError(error) || error.code !== 'timeout' || error.info.deadlock) throw error;
    throw new WardenError(
      'timeout',
      `sys.data.save: the '${entity}' record ${id} stayed locked by another run for ${LOCK_RECORD_WAIT_MS} ms (lockRecord)`,
    );
  }
  try {
    return write();
  } finally {
    state.store.unlock(entity, id, state.runId);
  }
}
