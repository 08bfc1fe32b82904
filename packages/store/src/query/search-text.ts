import { tableName } from './table-name.js';

/** What the search index needs of a field (a FieldDef or a FieldSchema). */
interface SearchableField {
  type: string;
  multiple: boolean;
  writeOnly?: boolean;
  fields?: Record<string, SearchableField>;
}

const TEXT_TYPES = new Set(['text', 'longText', 'email', 'choice']);

/**
 * The JSON paths a global search looks in: text, long text, email and choice fields (multi-valued
 * ones too), relationship labels, and those of single nested fields, at any depth. Items of
 * multi-valued nested fields are left out: their JSON would bring key names into the index.
 */
export function searchPaths(fields: Record<string, SearchableField>, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [name, field] of Object.entries(fields)) {
    if (field.writeOnly) continue;
    const path = [...prefix, name];
    if (TEXT_TYPES.has(field.type)) out.push(path);
    else if (field.type === 'relationship' && !field.multiple) out.push([...path, 'label']);
    else if (field.type === 'nested' && !field.multiple) out.push(...searchPaths(field.fields ?? {}, path));
  }
  return out;
}

/**
 * The search tables of an entity: an FTS5 index (`ft_<table>`, contentless) whose rowids are the
 * `docid`s of a map (`fm_<table>`, `docid INTEGER PRIMARY KEY, id TEXT UNIQUE`). Record tables
 * have no integer key of their own, and VACUUM may renumber their rowids.
 */
export function searchTables(entity: string): { fts: string; map: string } {
  const table = tableName(entity);
  return { fts: `ft_${table}`, map: `fm_${table}` };
}

/**
 * A global search text as an FTS5 query: every word (or "quoted phrase") must occur, each
 * matching as a prefix, case- and accent-insensitively. Null when it holds no word at all.
 */
export function searchQuery(text: string): string | null {
  const terms: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const words = (m[1] ?? m[2] ?? '').match(/[\p{L}\p{N}]+/gu);
    if (words) terms.push(`"${words.join(' ')}"*`);
  }
  return terms.length > 0 ? terms.join(' AND ') : null;
}
