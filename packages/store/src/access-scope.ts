import { type AppSchema, badRequest, type QueryMap } from '@warden/sys-api';
import type Database from 'better-sqlite3';
import { entityScope } from './query/parse-query.js';
import { parseFilterMap } from './query/query-map-parser.js';
import { join, jsonPath, quoteIdent, raw, type Sql, sql } from './query/sql.js';
import { compileCond } from './query/sql-compiler.js';
import { labelFields } from './record-label.js';
import { recordTable } from './record-table.js';
import type { Prepare } from './statement-cache.js';

/** Which records of one entity an access scope lets through. */
export interface EntityAccess {
  /** `all`, `none`, or a query map (field filters, `_or`, `_and`) each visible record matches. */
  where: 'all' | 'none' | QueryMap;
  /** Top-level fields removed from every record read (and so from filters on them). */
  hidden?: string[];
}

/** Access per entity name; an entity left out is `none` (deny by default). */
export type AccessRules = Record<string, EntityAccess>;

/** The SQL condition of a `where` over a record table's `data` column (`1` / `0` for all / none). */
export function accessCondition(schema: AppSchema, entity: string, where: EntityAccess['where']): Sql {
  if (where === 'all') return raw('1');
  if (where === 'none') return raw('0');
  const def = schema.entities[entity];
  if (!def) throw badRequest(`access: unknown entity '${entity}'`);
  return compileCond(parseFilterMap(entityScope(def), where as Record<string, unknown>), {
    root: raw('data'),
  });
}

/** Why `where` is not a valid condition on `entity`, or null when it is (app definition checks). */
export function accessConditionProblem(schema: AppSchema, entity: string, where: QueryMap): string | null {
  try {
    accessCondition(schema, entity, where);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Rewrites SQL so that each record table it names is replaced by the rows and fields the scope
 * lets through: a common table expression of the table's own name (`"rec_x" AS (SELECT … FROM
 * main."rec_x" WHERE …)`) shadows the table for the whole statement, subqueries, aggregate
 * lookups and joins included, so no query path reads around it. SQLite flattens the expression
 * into the query, so the condition is one more WHERE term and expression indexes still serve.
 */
export interface AccessShadow {
  wrap(q: Sql): Sql;
  /** A prepare whose statements run wrapped: the scope's parameters go before the caller's. */
  prepare: Prepare;
}

export function createAccessShadow(schema: AppSchema, rules: AccessRules, prepare: Prepare): AccessShadow {
  const shadows: { needle: string; cte: Sql }[] = [];
  for (const name of Object.keys(schema.entities)) {
    const access = Object.hasOwn(rules, name) ? rules[name]! : { where: 'none' as const };
    const hidden = access.hidden ?? [];
    if (access.where === 'all' && hidden.length === 0) continue;
    const table = quoteIdent(recordTable(name));
    const data = hidden.length
      ? sql`json_remove(data, ${join(
          hidden.map((f) => jsonPath([f])),
          ', ',
        )})`
      : raw('data');
    const cond = accessCondition(schema, name, access.where);
    // A label made from a hidden field would show it: such records read with no label.
    const template = schema.entities[name]!.label;
    const label =
      template !== undefined && labelFields(template).some((path) => hidden.includes(path.split('.')[0]!))
        ? raw('NULL AS label')
        : raw('label');
    shadows.push({
      needle: table.text,
      cte: sql`${table} AS (SELECT id, version, ${label}, ${data} AS data FROM main.${table} WHERE ${cond})`,
    });
  }
  const wrap = (q: Sql): Sql => {
    const used = shadows.filter((s) => q.text.includes(s.needle));
    if (used.length === 0) return q;
    const ctes = join(
      used.map((s) => s.cte),
      ', ',
    );
    // One WITH clause per statement: an aggregate's own chain of CTEs follows the shadows.
    const own = /^WITH /i.test(q.text);
    const text = own ? q.text.slice(5) : q.text;
    return { text: `WITH ${ctes.text}${own ? ', ' : ' '}${text}`, params: [...ctes.params, ...q.params] };
  };
  const cache = new Map<string, Sql>();
  const wrapped: Prepare = (text) => {
    let w = cache.get(text);
    if (!w) {
      w = wrap({ text, params: [] });
      cache.set(text, w);
    }
    if (w.params.length === 0) return prepare(w.text);
    return boundStatement(prepare(w.text), w.params);
  };
  return { wrap, prepare: wrapped };
}

/** A statement whose leading parameters are fixed: `all`, `get`, `iterate` and `pluck` as usual. */
function boundStatement(stmt: Database.Statement, lead: unknown[]): Database.Statement {
  const adapter = {
    pluck(on = true) {
      stmt.pluck(on);
      return adapter;
    },
    all: (...params: unknown[]) => stmt.all(...lead, ...params),
    get: (...params: unknown[]) => stmt.get(...lead, ...params),
    iterate: (...params: unknown[]) => stmt.iterate(...lead, ...params),
    run() {
      throw badRequest('access: a scoped reader does not write');
    },
  };
  return adapter as unknown as Database.Statement;
}
