import type { StoredRow } from '@warden/store';

/**
 * The key under which a host op hands the sandbox's bridge an answer it already serialized: the
 * bridge splices the text into the envelope instead of stringifying a value (`Symbol.for`, so the
 * runtime and the sandbox agree on it without importing each other).
 */
const RAW_JSON = Symbol.for('warden.rawJson');

/** An op result that is already JSON text. */
export type RawJson = { readonly [RAW_JSON]: string };

export const rawJson = (text: string): RawJson => ({ [RAW_JSON]: text });

/**
 * A stored row as JSON, its `data` text spliced in unparsed: the bootstrap applies the read form
 * (every field present, write-only and removed fields hidden), which saves parsing and
 * re-stringifying every record read. `data` is only ever written by the store's JSON.stringify.
 */
export function storedRowJson(row: StoredRow): string {
  const label = row.label === null ? 'null' : JSON.stringify(row.label);
  return `{"id":${JSON.stringify(row.id)},"version":${row.version},"label":${label},"data":${row.data}}`;
}
