/** The parsed form of a query: a boolean tree over tests of JSON values, independent of SQL. */

/** A value bound as a parameter: booleans are already 1/0, dates `YYYY-MM-DD`, dateTimes epoch ms. */
export type SqlValue = string | number;

/** A record column that is not inside `data`. */
export type SystemColumn = 'id' | 'label' | 'version';

/**
 * Where a tested value lives. `depth` 0 is the row's JSON (`data`, or `doc` in aggregates);
 * depth n is the current element of the n-th enclosing `each`. `path` is relative to that base.
 */
export type ValueRef =
  | { kind: 'column'; column: SystemColumn }
  | { kind: 'json'; depth: number; path: string[] };

export type TestOp = 'in' | 'gt' | 'ge' | 'lt' | 'le' | 'between' | 'like' | 'regexp' | 'notNull';

export interface Test {
  kind: 'test';
  ref: ValueRef;
  op: TestOp;
  values: SqlValue[];
  /** Compare lower-cased (emails), matching the `lower(json_extract(...))` expression index. */
  lower?: boolean;
}

/** True when some element of the JSON array at `array` satisfies `cond`. */
export interface Each {
  kind: 'each';
  array: { depth: number; path: string[] };
  cond: Cond;
}

/**
 * True when the record a relationship points to (its id at `ref`) is in `table` and satisfies
 * `cond`, whose depth 0 is that record's `data`.
 */
export interface Related {
  kind: 'related';
  ref: ValueRef;
  table: string;
  cond: Cond;
}

/** True for records whose text fields hold every word of an FTS5 `query` (see search-text.ts). */
export interface Search {
  kind: 'search';
  fts: string;
  map: string;
  query: string;
}

export type Cond =
  | { kind: 'and'; items: Cond[] }
  | { kind: 'or'; items: Cond[] }
  | { kind: 'not'; item: Cond }
  | Test
  | Each
  | Related
  | Search;

export const and = (items: Cond[]): Cond =>
  items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
export const or = (items: Cond[]): Cond =>
  items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
export const not = (item: Cond): Cond => ({ kind: 'not', item });

export type SortDirection = 'asc' | 'desc';

/** Sort by `id` (path null) or by one single-valued JSON path; ties are always broken by id. */
export interface SortSpec {
  path: string[] | null;
  direction: SortDirection;
}
