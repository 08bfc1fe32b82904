import type { SortSpec } from './query-ast.js';
import { jsonPath, raw, type Sql, sql } from './sql.js';

const sortExpr = (path: string[]): Sql => sql`json_extract(data, ${jsonPath(path)})`;

/** ORDER BY of a record query: the sort value, then id in the same direction so ties are stable. */
export function orderBy(sort: SortSpec): Sql {
  const dir = raw(sort.direction === 'asc' ? 'ASC' : 'DESC');
  return sort.path ? sql`ORDER BY ${sortExpr(sort.path)} ${dir}, id ${dir}` : sql`ORDER BY id ${dir}`;
}

/** The sort value of a stored row, as SQLite's json_extract would see it (booleans as 1/0). */
export function sortValueOf(data: string, path: string[]): string | number | null {
  let value: unknown = JSON.parse(data);
  for (const segment of path) {
    value =
      typeof value === 'object' && value !== null && Object.hasOwn(value, segment)
        ? (value as Record<string, unknown>)[segment]
        : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number') return value;
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * Rows strictly after `after` in query order. SQLite sorts NULL first ascending and last
 * descending, so a NULL sort value needs its own branch on each side.
 */
export function afterCondition(sort: SortSpec, after: { id: string; data: string }): Sql {
  const asc = sort.direction === 'asc';
  const idAfter = asc ? sql`id > ${after.id}` : sql`id < ${after.id}`;
  if (!sort.path) return idAfter;
  const s = sortExpr(sort.path);
  const v = sortValueOf(after.data, sort.path);
  if (v === null) {
    return asc ? sql`(${s} IS NULL AND ${idAfter}) OR ${s} IS NOT NULL` : sql`${s} IS NULL AND ${idAfter}`;
  }
  const beyond = asc ? sql`${s} > ${v}` : sql`${s} < ${v}`;
  const tail = asc ? raw('') : sql` OR ${s} IS NULL`;
  return sql`${beyond} OR (${s} = ${v} AND ${idAfter})${tail}`;
}
