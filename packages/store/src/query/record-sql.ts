import { STORED_ROW_COLUMNS } from '../stored-row-json.js';
import { afterCondition, orderBy } from './keyset.js';
import type { ParsedQuery } from './parse-query.js';
import { join, quoteIdent, raw, type Sql, sql } from './sql.js';
import { compileCond } from './sql-compiler.js';

const DATA = { root: raw('data') };

export { tableName } from './table-name.js';

function where(conds: Sql[]): Sql {
  return conds.length === 0
    ? raw('')
    : sql` WHERE ${join(
        conds.map((c) => sql`(${c})`),
        ' AND ',
      )}`;
}

const filters = (q: ParsedQuery): Sql[] => (q.where ? [compileCond(q.where, DATA)] : []);

/**
 * One page of records in query order, strictly after the keyset position `after` (the id and
 * data text of the previous page's last row). On the first page (`after` null) the id offset and
 * numeric offset apply. `columns` (trusted SQL) replaces the stored row's four columns.
 */
export function compileSelectPage(
  table: string,
  q: ParsedQuery,
  after: { id: string; data: string } | null,
  limit: number,
  columns = STORED_ROW_COLUMNS,
): Sql {
  const conds = filters(q);
  if (after) conds.push(afterCondition(q.sort, after));
  else if (q.afterId) conds.push(afterCondition(q.sort, { id: q.afterId, data: '{}' }));
  const offset = !after && q.offset > 0 ? sql` OFFSET ${q.offset}` : raw('');
  return sql`SELECT ${raw(columns)} FROM ${quoteIdent(table)}${where(conds)} ${orderBy(q.sort)} LIMIT ${limit}${offset}`;
}

/** `SELECT count(*) AS count` of the matching records; size, offset and sort do not apply. */
export function compileCount(table: string, q: ParsedQuery): Sql {
  return sql`SELECT count(*) AS count FROM ${quoteIdent(table)}${where(filters(q))}`;
}

/** Deletes every matching record; size and offset do not apply. */
export function compileDelete(table: string, q: ParsedQuery): Sql {
  return sql`DELETE FROM ${quoteIdent(table)}${where(filters(q))}`;
}
