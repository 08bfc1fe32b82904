import { type FieldSchema, isForbiddenKey } from '@warden/sys-api';
import { type ResolvedPath, resolvePath, type Scope } from './field-path.js';
import { join, jsonPath, raw, type Sql, sql } from './sql.js';

/** The fields that documents have at one point of a pipeline, so later stages can be checked. */
export type Shape = Record<string, FieldSchema>;

/** Problem text of a stage; the compiler adds the entity and the stage index. */
export class StageProblem extends Error {}

export const problem = (text: string): never => {
  throw new StageProblem(text);
};

export const docScope = (entity: string, shape: Shape): Scope => ({
  entity,
  fields: shape,
  depth: 0,
  prefix: [],
  keyPrefix: '',
  system: false,
});

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An output property name chosen by the script (accumulator, counter, `as`). */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || isForbiddenKey(name)) {
    return problem(`${what} must be a plain identifier, got ${JSON.stringify(name)}`);
  }
  return name;
}

/** A path of the shape with no multi-valued hop before its last field: usable as one JSON path. */
export function docPath(
  entity: string,
  shape: Shape,
  path: unknown,
  what: string,
): { path: string[]; resolved: ResolvedPath } {
  if (typeof path !== 'string') return problem(`${what} must be a field path, got ${JSON.stringify(path)}`);
  const resolved = resolvePath(docScope(entity, shape), path);
  const { arrays, leaf } = resolved;
  if (arrays.length > 1 || (arrays.length === 1 && leaf.length > 0)) {
    return problem(`${what} '${path}' goes through a multi-valued field`);
  }
  return { path: arrays[0] ?? leaf, resolved };
}

/** Splits `'a,b'` or `['a','b']` into trimmed paths. */
export function pathList(value: unknown, what: string): string[] {
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) {
    return problem(`${what} must be a comma list or an array of field paths`);
  }
  const paths = (list as string[]).map((p) => p.trim()).filter((p) => p !== '');
  return paths.length ? paths : problem(`${what} must name at least one field`);
}

export interface TreeEntry {
  path: string[];
  expr: Sql;
  field: FieldSchema;
}

/** Builds `json_object(...)` from dotted outputs (`a.b` → `{a: {b: …}}`) and the matching shape. */
export function objectTree(entries: TreeEntry[]): { expr: Sql; shape: Shape } {
  const groups = new Map<string, TreeEntry[]>();
  for (const e of entries) {
    const head = e.path[0] as string;
    groups.set(head, [...(groups.get(head) ?? []), e]);
  }
  const parts: Sql[] = [];
  const shape: Shape = {};
  for (const [name, items] of groups) {
    const leaf = items.find((i) => i.path.length === 1);
    if (leaf) {
      parts.push(sql`${name}, ${leaf.expr}`);
      shape[name] = leaf.field;
    } else {
      const child = objectTree(items.map((i) => ({ ...i, path: i.path.slice(1) })));
      parts.push(sql`${name}, ${child.expr}`);
      shape[name] = { name, type: 'nested', multiple: false, required: false, fields: child.shape };
    }
  }
  return { expr: sql`json_object(${join(parts, ', ')})`, shape };
}

/** The JSON of a path of `doc`, kept as JSON (objects stay objects) when put in another object. */
export const jsonAt = (doc: string, path: string[]): Sql => sql`json(${raw(doc)} -> ${jsonPath(path)})`;

/** The SQL value of a path of `doc` (for grouping, sorting and arithmetic). */
export const valueAt = (doc: string, path: string[]): Sql =>
  sql`json_extract(${raw(doc)}, ${jsonPath(path)})`;
