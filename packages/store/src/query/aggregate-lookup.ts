import type { FieldSchema } from '@warden/sys-api';
import { checkName, problem } from './aggregate-shape.js';
import type { StageContext, StageResult } from './aggregate-stages.js';
import { type ResolvedPath, resolvePath, type Scope } from './field-path.js';
import { isPlainObject } from './query-error.js';
import { jsonPath, quoteIdent, raw, type Sql, sql } from './sql.js';

/** The values a side of the join offers: one scalar expression, or a JSON array to iterate. */
type Side = { kind: 'scalar'; expr: Sql } | { kind: 'array'; source: Sql; element: Sql };

function side(
  scope: Scope,
  root: string,
  idColumn: string | null,
  path: unknown,
  alias: string,
  what: string,
): Side {
  if (typeof path !== 'string') return problem(`${what} must be a field path`);
  const r: ResolvedPath = resolvePath(scope, path);
  if (r.column === 'id' && idColumn) return { kind: 'scalar', expr: raw(idColumn) };
  if (r.column) return problem(`${what} cannot be '${path}'`);
  const leaf = r.field.type === 'relationship' ? [...r.leaf, 'id'] : r.leaf;
  if (r.arrays.length === 0)
    return { kind: 'scalar', expr: sql`json_extract(${raw(root)}, ${jsonPath(leaf)})` };
  if (r.arrays.length > 1) return problem(`${what} '${path}' goes through more than one multi-valued field`);
  const element = leaf.length
    ? sql`json_extract(${raw(alias)}.value, ${jsonPath(leaf)})`
    : raw(`${alias}.value`);
  return {
    kind: 'array',
    source: sql`json_each(${raw(root)}, ${jsonPath(r.arrays[0] as string[])}) AS ${raw(alias)}`,
    element,
  };
}

/** SQL true when the foreign value equals the local one; multi-valued sides match any element. */
function joinCondition(local: Side, foreign: Side): Sql {
  const localValues = local.kind === 'scalar' ? null : sql`(SELECT ${local.element} FROM ${local.source})`;
  const test = (f: Sql) =>
    localValues ? sql`${f} IN ${localValues}` : sql`${f} = ${(local as { expr: Sql }).expr}`;
  return foreign.kind === 'scalar'
    ? test(foreign.expr)
    : sql`EXISTS (SELECT 1 FROM ${foreign.source} WHERE ${test(foreign.element)})`;
}

/**
 * `{lookup: {localFieldPath, foreignFieldPath, foreignEntityName, as}}`: adds under `as` the array
 * of foreign records (with `id`) whose field equals the local one. Relationships compare by id.
 */
export function lookupStage(arg: unknown, ctx: StageContext): StageResult {
  if (!isPlainObject(arg))
    return problem('expects {localFieldPath, foreignFieldPath, foreignEntityName, as}');
  const foreignName = arg.foreignEntityName;
  if (typeof foreignName !== 'string' || !Object.hasOwn(ctx.app.entities, foreignName)) {
    return problem(`unknown foreignEntityName ${JSON.stringify(foreignName)}`);
  }
  const foreign = ctx.app.entities[foreignName] as { name: string; fields: Record<string, FieldSchema> };
  const as = checkName(arg.as, 'as');
  const localScope: Scope = {
    entity: ctx.entity,
    fields: ctx.shape,
    depth: 0,
    prefix: [],
    keyPrefix: '',
    system: false,
  };
  const foreignScope: Scope = {
    entity: foreignName,
    fields: foreign.fields,
    depth: 0,
    prefix: [],
    keyPrefix: '',
    system: true,
  };
  const local = side(localScope, 'p.doc', null, arg.localFieldPath, 'le', 'localFieldPath');
  const remote = side(foreignScope, 'f.data', 'f.id', arg.foreignFieldPath, 'fe', 'foreignFieldPath');
  const table = quoteIdent(ctx.tableOf(foreignName));
  const docs = sql`SELECT json_group_array(json(json_set(f.data, '$.id', f.id)) ORDER BY f.id DESC) FROM ${table} AS f WHERE ${joinCondition(local, remote)}`;
  const idField: FieldSchema = { name: 'id', type: 'text', multiple: false, required: true };
  return {
    body: sql`SELECT json_set(p.doc, ${jsonPath([as])}, json((${docs}))) AS doc, p.rn AS rn FROM ${raw(ctx.prev)} AS p`,
    shape: {
      ...ctx.shape,
      [as]: {
        name: as,
        type: 'nested',
        multiple: true,
        required: false,
        fields: { ...foreign.fields, id: idField },
      },
    },
  };
}
