import { notFound, type QueryMap } from '@warden/sys-api';
import { stringify } from 'csv-stringify/sync';
import type { ImportFormat } from './import-rows.js';
import type { Store } from './store-types.js';

/** The CSV columns of an entity: `id`, then its stored fields (write-only ones never). */
export function exportColumns(store: Store, entity: string): string[] {
  const def = store.app.entities[entity];
  if (!def) throw notFound(`exportRecords: entity '${entity}' does not exist`);
  return [
    'id',
    ...Object.entries(def.fields)
      .filter(([, f]) => !f.writeOnly)
      .map(([name]) => name),
  ];
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The records of `entity` that `query` matches, as lines of a file: a CSV header and one row per
 * record (objects and arrays as JSON cells), or one JSON object (`{id, version, label, fields}`)
 * per line, oldest first. Each string ends with a newline.
 */
export function* exportRows(
  store: Store,
  entity: string,
  format: ImportFormat,
  query: QueryMap = {},
): Generator<string> {
  const columns = exportColumns(store, entity);
  if (format === 'csv') yield stringify([columns]);
  // The store's cursor reads lazily by keyset, a page at a time.
  const cursor = store.find(entity, { ...query, _sortField: 'id', _sortType: 'asc' });
  try {
    for (const r of cursor) {
      if (format === 'jsonl') {
        yield `${JSON.stringify({ id: r.id, version: r.version, label: r.label, fields: r.fields })}\n`;
      } else {
        yield stringify([columns.map((c) => cell(c === 'id' ? r.id : r.fields[c]))]);
      }
    }
  } finally {
    cursor.close();
  }
}
