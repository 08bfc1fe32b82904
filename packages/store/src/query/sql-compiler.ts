import type { Cond, Test, ValueRef } from './query-ast.js';
import { join, jsonPath, quoteIdent, raw, type Sql, sql } from './sql.js';

/** The JSON source of depth 0: `data` for records, `doc` inside aggregates. */
export interface CondBase {
  root: Sql;
}

const elementBase = (depth: number, base: CondBase): Sql =>
  depth === 0 ? base.root : raw(`e${depth}.value`);

/** The SQL expression of a value: `json_extract(data, '$.a.b')` exactly, so expression indexes match. */
export function valueExpr(ref: ValueRef, base: CondBase): Sql {
  if (ref.kind === 'column') return raw(ref.column);
  const source = elementBase(ref.depth, base);
  return ref.path.length === 0 ? source : sql`json_extract(${source}, ${jsonPath(ref.path)})`;
}

function compileTest(test: Test, base: CondBase): Sql {
  const plain = valueExpr(test.ref, base);
  const expr = test.lower ? sql`lower(${plain})` : plain;
  const [a, b] = test.values;
  switch (test.op) {
    case 'in':
      return test.values.length === 1
        ? sql`${expr} = ${a}`
        : sql`${expr} IN (${join(
            test.values.map((v) => sql`${v}`),
            ', ',
          )})`;
    case 'gt':
      return sql`${expr} > ${a}`;
    case 'ge':
      return sql`${expr} >= ${a}`;
    case 'lt':
      return sql`${expr} < ${a}`;
    case 'le':
      return sql`${expr} <= ${a}`;
    case 'between':
      return sql`${expr} BETWEEN ${a} AND ${b}`;
    case 'like':
      return sql`${expr} LIKE ${a} ESCAPE '\\'`;
    case 'regexp':
      return sql`regexp(${a}, ${expr})`;
    case 'notNull':
      return sql`${expr} IS NOT NULL`;
  }
}

/** Compiles a condition tree to a SQL boolean expression with bound parameters. */
export function compileCond(cond: Cond, base: CondBase): Sql {
  switch (cond.kind) {
    case 'and':
      return cond.items.length === 0
        ? raw('1')
        : join(
            cond.items.map((c) => sql`(${compileCond(c, base)})`),
            ' AND ',
          );
    case 'or':
      return cond.items.length === 0
        ? raw('0')
        : join(
            cond.items.map((c) => sql`(${compileCond(c, base)})`),
            ' OR ',
          );
    case 'not':
      // IS NOT TRUE so that a NULL (missing value) counts as "not matching", e.g. for notEquals.
      return sql`(${compileCond(cond.item, base)}) IS NOT TRUE`;
    case 'test':
      return compileTest(cond, base);
    case 'related': {
      // The related table's own `data` is the inner base; its json_each aliases shadow the outer ones.
      const inner = compileCond(cond.cond, { root: raw('data') });
      return sql`${valueExpr(cond.ref, base)} IN (SELECT id FROM ${quoteIdent(cond.table)} WHERE ${inner})`;
    }
    case 'search': {
      const { fts, map } = { fts: quoteIdent(cond.fts), map: quoteIdent(cond.map) };
      return sql`id IN (SELECT m.id FROM ${map} AS m WHERE m.docid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${cond.query}))`;
    }
    case 'each': {
      const alias = raw(`e${cond.array.depth + 1}`);
      const source = sql`json_each(${elementBase(cond.array.depth, base)}, ${jsonPath(cond.array.path)}) AS ${alias}`;
      const inner =
        cond.cond.kind === 'and' && cond.cond.items.length === 0
          ? raw('')
          : sql` WHERE ${compileCond(cond.cond, base)}`;
      return sql`EXISTS (SELECT 1 FROM ${source}${inner})`;
    }
  }
}
