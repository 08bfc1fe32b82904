import type { Cond, ParsedQuery, SortSpec, SqlValue, Test, ValueRef } from '@warden/store/backend';
import { badRequest } from '@warden/sys-api';
import { jsonAt, type PgParams, quoteIdent, textAt } from './pg-sql.js';

const elementBase = (depth: number, root: string) => (depth === 0 ? root : `e${depth}.value`);

/**
 * A value of the parsed query as jsonb, compared with the stored jsonb (so numbers compare as
 * numbers, text as text). The parser gives booleans as 1/0; stored booleans are JSON true/false,
 * and no numeric field stores a boolean, so an equality with 1/0 also accepts true/false.
 */
function jsonbValues(values: SqlValue[], params: PgParams, equality: boolean): string[] {
  return values.flatMap((v) => {
    const own = `${params.add(JSON.stringify(v))}::jsonb`;
    if (!equality || (v !== 0 && v !== 1)) return [own];
    return [own, `${params.add(v === 1 ? 'true' : 'false')}::jsonb`];
  });
}

const COLUMN_TYPE = { id: 'text', label: 'text', version: 'integer' } as const;

function compileTest(test: Test, root: string, params: PgParams): string {
  const { ref, op } = test;
  if (ref.kind === 'column') {
    const col = quoteIdent(ref.column);
    const ps = test.values.map((v) => `${params.add(v)}::${COLUMN_TYPE[ref.column]}`);
    return comparison(op, col, ps, params, test);
  }
  const base = elementBase(ref.depth, root);
  if (op === 'like' || op === 'regexp' || test.lower) {
    const text = textAt(base, ref.path);
    const expr = test.lower ? `lower(${text})` : text;
    return comparison(
      op,
      expr,
      test.values.map((v) => params.add(String(v))),
      params,
      test,
    );
  }
  if (op === 'notNull') return `jsonb_typeof(${jsonAt(base, ref.path)}) <> 'null'`;
  return comparison(op, jsonAt(base, ref.path), jsonbValues(test.values, params, op === 'in'), params, test);
}

function comparison(op: Test['op'], expr: string, ps: string[], _params: PgParams, test: Test): string {
  switch (op) {
    case 'in':
      return ps.length === 1 ? `${expr} = ${ps[0]}` : `${expr} IN (${ps.join(', ')})`;
    case 'gt':
      return `${expr} > ${ps[0]}`;
    case 'ge':
      return `${expr} >= ${ps[0]}`;
    case 'lt':
      return `${expr} < ${ps[0]}`;
    case 'le':
      return `${expr} <= ${ps[0]}`;
    case 'between':
      return `${expr} BETWEEN ${ps[0]} AND ${ps[1]}`;
    case 'like':
      return `${expr} ILIKE ${ps[0]} ESCAPE '\\'`;
    case 'regexp':
      // The parser's patterns are JavaScript's; the common subset is the same in PostgreSQL's AREs.
      return `${expr} ~* ${ps[0]}`;
    case 'notNull':
      return `${expr} IS NOT NULL`;
    default:
      throw badRequest(`query: operator ${String((test as Test).op)} has no PostgreSQL form`);
  }
}

/** Compiles a condition tree to a PostgreSQL boolean over the jsonb column `root`. */
export function compilePgCond(cond: Cond, root: string, params: PgParams): string {
  switch (cond.kind) {
    case 'and':
      return cond.items.length === 0
        ? 'TRUE'
        : cond.items.map((c) => `(${compilePgCond(c, root, params)})`).join(' AND ');
    case 'or':
      return cond.items.length === 0
        ? 'FALSE'
        : cond.items.map((c) => `(${compilePgCond(c, root, params)})`).join(' OR ');
    case 'not':
      return `(${compilePgCond(cond.item, root, params)}) IS NOT TRUE`;
    case 'test':
      return compileTest(cond, root, params);
    case 'related': {
      const inner = compilePgCond(cond.cond, 'data', params);
      return `${refText(cond.ref, root)} IN (SELECT id FROM ${quoteIdent(cond.table)} WHERE ${inner})`;
    }
    case 'search':
      throw badRequest('query: _globalSearch is not supported on PostgreSQL yet');
    case 'each': {
      const alias = `e${cond.array.depth + 1}`;
      const array = jsonAt(elementBase(cond.array.depth, root), cond.array.path);
      const source = `jsonb_array_elements(CASE WHEN jsonb_typeof(${array}) = 'array' THEN ${array} ELSE '[]'::jsonb END) AS ${alias}(value)`;
      const empty = cond.cond.kind === 'and' && cond.cond.items.length === 0;
      return `EXISTS (SELECT 1 FROM ${source}${empty ? '' : ` WHERE ${compilePgCond(cond.cond, root, params)}`})`;
    }
  }
}

function refText(ref: ValueRef, root: string): string {
  return ref.kind === 'column' ? quoteIdent(ref.column) : textAt(elementBase(ref.depth, root), ref.path);
}

/**
 * ORDER BY of a record query: the sort value, then id, in one direction. NULLs come first
 * ascending and last descending, as in SQLite, so both backends page records in one order.
 */
export function pgOrderBy(sort: SortSpec): string {
  const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
  if (!sort.path) return `ORDER BY id ${dir}`;
  const nulls = sort.direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST';
  return `ORDER BY ${jsonAt('data', sort.path)} ${dir} ${nulls}, id ${dir}`;
}

/** The WHERE clause (with a leading space) of a parsed query's filters and id offset; '' for none. */
export function pgWhere(q: ParsedQuery, params: PgParams): string {
  const conds: string[] = [];
  if (q.where) conds.push(compilePgCond(q.where, 'data', params));
  if (q.afterId) conds.push(`id ${q.sort.direction === 'asc' ? '>' : '<'} ${params.add(q.afterId)}`);
  return conds.length === 0 ? '' : ` WHERE ${conds.map((c) => `(${c})`).join(' AND ')}`;
}
