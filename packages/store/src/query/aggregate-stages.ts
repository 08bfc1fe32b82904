import type { AppSchema } from '@warden/sys-api';
import { checkName, docPath, docScope, problem, type Shape, valueAt } from './aggregate-shape.js';
import { isPlainObject } from './query-error.js';
import { parseFilterMap } from './query-map-parser.js';
import { join, jsonPath, raw, type Sql, sql } from './sql.js';
import { compileCond } from './sql-compiler.js';

export interface StageContext {
  app: AppSchema;
  entity: string;
  tableOf: (entity: string) => string;
  /** Name of the previous CTE, with columns `doc` (JSON text) and `rn` (order). */
  prev: string;
  shape: Shape;
}

export interface StageResult {
  body: Sql;
  shape: Shape;
}

const from = (ctx: StageContext) => raw(ctx.prev);

/** `{match: {...}}`: field filters of a query map over the current documents. */
export function matchStage(arg: unknown, ctx: StageContext): StageResult {
  if (!isPlainObject(arg)) return problem('expects a query map object');
  const cond = compileCond(parseFilterMap({ ...docScope(ctx.entity, ctx.shape), app: ctx.app }, arg), {
    root: raw('doc'),
  });
  return { body: sql`SELECT doc, rn FROM ${from(ctx)} WHERE ${cond}`, shape: ctx.shape };
}

const UNSORTABLE = new Set(['nested', 'json']);

/** A single-valued, sortable path; relationships sort by label. */
export function sortPath(ctx: StageContext, path: string, what: string): string[] {
  const { path: p, resolved } = docPath(ctx.entity, ctx.shape, path, what);
  if (resolved.arrays.length > 0 || UNSORTABLE.has(resolved.field.type))
    return problem(`cannot sort by '${path}'`);
  return resolved.field.type === 'relationship' ? [...p, 'label'] : p;
}

/** `{sort: {f: 'desc', g: 'asc'}}`: stable, earlier order breaks ties. */
export function sortStage(arg: unknown, ctx: StageContext): StageResult {
  if (!isPlainObject(arg) || Object.keys(arg).length === 0)
    return problem("expects an object like {field: 'asc'}");
  const terms = Object.keys(arg).map((path) => {
    const dir = typeof arg[path] === 'string' ? (arg[path] as string).toLowerCase() : arg[path];
    if (dir !== 'asc' && dir !== 'desc') return problem(`direction of '${path}' must be 'asc' or 'desc'`);
    return sql`${valueAt('doc', sortPath(ctx, path, 'sort field'))} ${raw(dir.toUpperCase())}`;
  });
  return {
    body: sql`SELECT doc, row_number() OVER (ORDER BY ${join(terms, ', ')}, rn) AS rn FROM ${from(ctx)}`,
    shape: ctx.shape,
  };
}

/** `{count: 'name'}`: one document `{name: n}`. */
export function countStage(arg: unknown, ctx: StageContext): StageResult {
  const name = checkName(arg, 'the counter name');
  return {
    body: sql`SELECT json_object(${name}, count(*)) AS doc, 1 AS rn FROM ${from(ctx)}`,
    shape: { [name]: { name, type: 'integer', multiple: false, required: true } },
  };
}

function step(arg: unknown, what: string): number {
  const n = isPlainObject(arg) ? arg.step : arg;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    return problem(`${what} expects a non-negative integer, got ${JSON.stringify(n)}`);
  }
  return n;
}

/** `{skip: n}`. */
export function skipStage(arg: unknown, ctx: StageContext): StageResult {
  return {
    body: sql`SELECT doc, rn FROM ${from(ctx)} ORDER BY rn LIMIT -1 OFFSET ${step(arg, 'skip')}`,
    shape: ctx.shape,
  };
}

/** `{limit: n}`. */
export function limitStage(arg: unknown, ctx: StageContext): StageResult {
  return {
    body: sql`SELECT doc, rn FROM ${from(ctx)} ORDER BY rn LIMIT ${step(arg, 'limit')}`,
    shape: ctx.shape,
  };
}

/** `{unwind: {fieldPath, includeEmpty}}`: one document per element of a multi-valued field. */
export function unwindStage(arg: unknown, ctx: StageContext): StageResult {
  const spec = typeof arg === 'string' ? { fieldPath: arg } : arg;
  if (!isPlainObject(spec)) return problem('expects {fieldPath, includeEmpty}');
  const includeEmpty = spec.includeEmpty ?? false;
  if (typeof includeEmpty !== 'boolean') return problem('includeEmpty must be a boolean');
  const { path, resolved } = docPath(ctx.entity, ctx.shape, spec.fieldPath, 'fieldPath');
  if (!resolved.field.multiple) return problem(`'${spec.fieldPath}' is not a multi-valued field`);
  const at = jsonPath(path);
  const join_ = includeEmpty
    ? sql`LEFT JOIN json_each(p.doc, ${at}) AS e ON e.type <> 'null'`
    : sql`JOIN json_each(p.doc, ${at}) AS e ON e.type <> 'null'`;
  const shape = structuredClone(ctx.shape);
  let fields: Shape | undefined = shape;
  const names = (spec.fieldPath as string).split('.');
  names.forEach((n, i) => {
    const f = fields?.[n];
    if (f && i === names.length - 1) f.multiple = false;
    fields = f?.fields;
  });
  return {
    body: sql`SELECT json_set(p.doc, ${at}, json(p.doc -> e.fullkey)) AS doc, row_number() OVER (ORDER BY p.rn, e.key) AS rn FROM ${from(ctx)} AS p ${join_}`,
    shape,
  };
}
