import { badRequest, type Fields, isWardenError, notFound, type RecordData } from '@warden/sys-api';
import type { EntityDef, FieldDef } from './app-definition.js';
import type { WriteOptions } from './record-hooks.js';
import type { Store } from './store-types.js';

/** File formats of import and export: CSV with a header row of field names, or JSON Lines. */
export type ImportFormat = 'csv' | 'jsonl';
/** All-or-nothing (a bad row fails the import, nothing is written) or skip bad rows and report them. */
export type ImportMode = 'allOrNothing' | 'skipBadRows';

/** A row that was not imported: its line in the file (1-based; a CSV header is line 1). */
export interface ImportRowError {
  line: number;
  code: string;
  message: string;
}

export interface ImportReport {
  imported: number;
  skipped: number;
  /** The first `maxErrors` row errors, in file order. */
  errors: ImportRowError[];
  /** True when the import wrote nothing (all-or-nothing with a bad row). */
  rolledBack: boolean;
}

/** Columns and keys that belong to the record, not to its fields: never imported. */
const SYSTEM_KEYS = new Set(['id', 'version', 'label']);
const TEXT_TYPES = new Set(['text', 'longText', 'email', 'choice', 'group', 'url', 'rank', 'date', 'time']);

/** One row's fields from a CSV record (column name → cell text), typed by the entity's fields. */
export function csvFields(entity: EntityDef, row: Record<string, string>, extra: Set<string>): Fields {
  const fields: Fields = {};
  for (const [column, cell] of Object.entries(row)) {
    if (SYSTEM_KEYS.has(column) || extra.has(column) || cell === '') continue;
    const def = entity.fields[column]!;
    fields[column] = cellValue(column, def, cell);
  }
  return fields;
}

function cellValue(column: string, def: FieldDef, cell: string): unknown {
  const json = () => {
    try {
      return JSON.parse(cell) as unknown;
    } catch {
      throw badRequest(`column '${column}' must hold JSON, got ${JSON.stringify(cell.slice(0, 60))}`);
    }
  };
  if (def.multiple || def.type === 'nested' || def.type === 'json') return json();
  if (TEXT_TYPES.has(def.type)) return cell;
  if (def.type === 'boolean') return cell === 'true' ? true : cell === 'false' ? false : cell;
  if (def.type === 'relationship') return cell.startsWith('{') ? json() : cell;
  // Numbers and date-times: a number when the cell is one, else the text for the store to judge.
  const n = Number(cell);
  return cell.trim() !== '' && Number.isFinite(n) ? n : cell;
}

/** One row's fields from a JSON Lines object: a record (`{id, version, label, fields}`) or plain fields. */
export function jsonFields(value: unknown, extra: Set<string>): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('the line must hold a JSON object');
  const source =
    (value as RecordData).fields && typeof (value as RecordData).fields === 'object'
      ? (value as RecordData).fields
      : (value as Fields);
  const fields: Fields = {};
  for (const [key, v] of Object.entries(source))
    if (!SYSTEM_KEYS.has(key) && !extra.has(key)) fields[key] = v;
  return fields;
}

/** Checks a CSV header: every column is a stored field, a system column or one of `extra`. */
export function checkHeader(fn: string, entity: EntityDef, columns: string[], extra: Set<string>): void {
  const unknown = columns.filter(
    (c) =>
      !SYSTEM_KEYS.has(c) &&
      !extra.has(c) &&
      (!Object.hasOwn(entity.fields, c) || entity.fields[c]!.writeOnly),
  );
  if (unknown.length > 0)
    throw badRequest(
      `${fn}: line 1: ${unknown.map((c) => `'${c}'`).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a field of '${entity.name}'`,
    );
}

/** Options of `createRowImporter`. */
export interface RowImporterOptions {
  mode: ImportMode;
  write?: WriteOptions;
  /** Row errors kept in the report (default 100); all-or-nothing stops reading after that many. */
  maxErrors?: number;
  /** Called after a row's record is inserted (inside the same unit): users set imported hashes here. */
  afterInsert?(record: RecordData, raw: Record<string, unknown>): void;
}

/**
 * Inserts rows one at a time inside the caller's transaction, keeping the report. Each insert is
 * atomic on its own (the store's unit of work), so a bad row leaves nothing behind in either mode.
 */
export interface RowImporter {
  readonly report: ImportReport;
  /** False once all-or-nothing has seen `maxErrors` bad rows: reading on is pointless. */
  readonly going: boolean;
  add(line: number, fields: () => Fields, raw?: Record<string, unknown>): void;
  /** Records a row that could not even be read (bad JSON, bad CSV) as an error of `line`. */
  fail(line: number, error: unknown): void;
}

export function createRowImporter(
  store: Store,
  entityName: string,
  options: RowImporterOptions,
): RowImporter {
  if (!store.app.entities[entityName]) throw notFound(`importRecords: entity '${entityName}' does not exist`);
  const maxErrors = options.maxErrors ?? 100;
  const report: ImportReport = { imported: 0, skipped: 0, errors: [], rolledBack: false };
  const one = options.afterInsert
    ? (fields: Fields, raw: Record<string, unknown>) =>
        store.transaction(() => options.afterInsert!(store.insert(entityName, fields, options.write), raw))
    : (fields: Fields) => store.insert(entityName, fields, options.write);
  const importer: RowImporter = {
    report,
    get going() {
      return options.mode === 'skipBadRows' || report.errors.length < maxErrors;
    },
    add(line, fields, raw = {}) {
      try {
        one(fields(), raw);
        report.imported++;
      } catch (error) {
        importer.fail(line, error);
      }
    },
    fail(line, error) {
      if (!isWardenError(error) && !(error instanceof SyntaxError)) throw error;
      report.skipped++;
      if (report.errors.length >= maxErrors) return;
      const code = isWardenError(error) ? error.code : 'badRequest';
      const detail =
        isWardenError(error) && error.errors?.length
          ? error.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
          : error.message.replace(/^[\w.]+: /, '');
      report.errors.push({ line, code, message: detail });
    },
  };
  return importer;
}
