import type { StoredRow } from './record-read.js';

/** The columns of a stored row, as reads select them. */
export const STORED_ROW_COLUMNS = 'id, version, label, data';

/**
 * A stored row as JSON text, `{"id","version","label","data"}`, its `data` spliced in unparsed.
 * The sandbox applies the read form itself, so reads skip parsing and re-stringifying every
 * record. `data` is only ever written by the store's JSON.stringify, so it is valid JSON.
 */
export function storedRowJson(row: StoredRow): string {
  const label = row.label === null ? 'null' : JSON.stringify(row.label);
  return `{"id":${JSON.stringify(row.id)},"version":${row.version},"label":${label},"data":${row.data}}`;
}

/**
 * The same text built by SQLite from a record table's columns, so that a page of rows reaches
 * JavaScript as one string per row and no row object is made. `json_quote` gives `null` for a
 * NULL label, and escapes text as JSON does (the parsed values are the same as storedRowJson's).
 */
export const STORED_ROW_JSON_SQL = `'{"id":' || json_quote(id) || ',"version":' || version || ',"label":' || json_quote(label) || ',"data":' || data || '}'`;
