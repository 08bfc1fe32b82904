import type { Readable } from 'node:stream';
import {
  checkFormat,
  createRowImporter,
  exportRows,
  feed,
  type ImportFormat,
  type ImportMode,
  type ImportReport,
  type ReadRow,
  readRows,
  type Store,
  type WriteOptions,
} from '@warden/store';
import { badRequest, notFound, type QueryMap } from '@warden/sys-api';
import { importPasswordHash, USERS } from '@warden/users';
import type { GatedCalls } from './host-gate.js';

/** Options of `runtime.store.importRecords`. */
export interface ImportOptions {
  format: ImportFormat;
  /** `allOrNothing` (default): one transaction, nothing written if any row is bad. */
  mode?: ImportMode;
  /** Rows written per call (default 1000); skip-bad-rows commits after each. */
  batchSize?: number;
  /** Row errors kept in the report (default 100). */
  maxErrors?: number;
  /** Called after each batch with rows read and bytes read so far. */
  onProgress?(progress: { rows: number; bytes: number }): void;
}

/** Options of `runtime.store.exportRecords`. */
export interface ExportOptions {
  format: ImportFormat;
  /** Which records (a query map; default all). */
  query?: QueryMap;
}

const MODES = new Set(['allOrNothing', 'skipBadRows']);
/** The users' import column that holds a password hash from another system (never exported). */
export const PASSWORD_HASH_COLUMN = 'passwordHash';

/** The entity's importer, with the user-specific part (imported hashes, no generated password). */
export function importerFor(
  store: Store,
  entity: string,
  mode: ImportMode,
  maxErrors?: number,
  write: WriteOptions = {},
) {
  const base = { mode, write, ...(maxErrors === undefined ? {} : { maxErrors }) };
  if (entity !== USERS) return { extra: new Set<string>(), importer: createRowImporter(store, entity, base) };
  const importer = createRowImporter(store, entity, {
    ...base,
    afterInsert(record, raw) {
      const hash = raw[PASSWORD_HASH_COLUMN];
      if (hash !== undefined && hash !== null && hash !== '') importPasswordHash(store.db, record.id!, hash);
    },
  });
  return { extra: new Set([PASSWORD_HASH_COLUMN]), importer };
}

/** Imported users get no generated password: they sign in with their imported hash, or reset. */
export function withoutGeneratedPassword(entity: string, row: ReadRow): ReadRow {
  if (entity !== USERS || 'error' in row) return row;
  const fields = row.fields;
  return {
    ...row,
    fields: () => {
      const f = fields();
      const auth = (f.authentication ?? {}) as Record<string, unknown>;
      return { ...f, authentication: { ...auth, generatePassword: false } };
    },
  };
}

/** Streams `input` into `entity` holding the parent's connection; see `ImportOptions`. */
export async function hostImport(
  store: Store,
  calls: GatedCalls,
  entity: string,
  input: Readable | AsyncIterable<Buffer | string> | string,
  options: ImportOptions,
): Promise<ImportReport> {
  const fn = 'importRecords';
  const def = store.app.entities[entity];
  if (!def) throw notFound(`${fn}: entity '${entity}' does not exist`);
  const format = checkFormat(fn, options?.format);
  const mode = options.mode ?? 'allOrNothing';
  if (!MODES.has(mode))
    throw badRequest(`${fn}: mode must be 'allOrNothing' or 'skipBadRows', got ${JSON.stringify(mode)}`);
  const size = options.batchSize ?? 1000;
  const { extra, importer } = importerFor(store, entity, mode, options.maxErrors);
  let bytes = 0;
  const rows = readRows(fn, def, typeof input === 'string' ? [input] : input, format, {
    extra,
    onBytes: (n) => {
      bytes = n;
    },
  });
  const held = await calls.hold(`store.${fn}`);
  const whole = mode === 'allOrNothing';
  let read = 0;
  const write = (batch: ReadRow[]) => {
    for (const row of batch) feed(importer, withoutGeneratedPassword(entity, row));
  };
  try {
    if (whole) await held.call(() => store.begin({ mode: 'immediate' }));
    let batch: ReadRow[] = [];
    const flush = async () => {
      const rowsNow = batch;
      batch = [];
      await held.call(() => (whole ? write(rowsNow) : store.transaction(() => write(rowsNow))));
      options.onProgress?.({ rows: read, bytes });
    };
    for await (const chunk of rows) {
      read += chunk.length;
      for (const row of chunk) batch.push(row);
      if (batch.length >= size) await flush();
      if (!importer.going) break;
    }
    await flush();
    if (whole) {
      if (importer.report.errors.length > 0) {
        store.rollback();
        importer.report.rolledBack = true;
        importer.report.skipped += importer.report.imported;
        importer.report.imported = 0;
      } else store.commit();
    }
    return importer.report;
  } finally {
    if (store.inTransaction) store.rollback();
    held.release();
  }
}

/** The records as file text chunks, read a page at a time between other host calls. */
export async function* hostExport(
  store: Store,
  calls: GatedCalls,
  entity: string,
  options: ExportOptions,
): AsyncGenerator<string> {
  const format = checkFormat('exportRecords', options?.format);
  const rows = exportRows(store, entity, format, options.query ?? {});
  const chunk: string[] = [];
  for (;;) {
    // 500 rows per call: the cursor is read in short synchronous steps, the event loop stays free.
    const done = await calls.call('store.exportRecords', () => {
      chunk.length = 0;
      for (let i = 0; i < 500; i++) {
        const next = rows.next();
        if (next.done) return true;
        chunk.push(next.value);
      }
      return false;
    });
    if (chunk.length > 0) yield chunk.join('');
    if (done) return;
  }
}
