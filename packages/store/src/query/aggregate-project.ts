import type { FieldSchema } from '@warden/sys-api';
import { docScope, jsonAt, objectTree, pathList, problem, type TreeEntry } from './aggregate-shape.js';
import type { StageContext, StageResult } from './aggregate-stages.js';
import { resolvePath } from './field-path.js';
import { jsonPath, raw, sql } from './sql.js';

interface ArrayPick {
  /** Output path of the multi-valued field (`people`). */
  head: string[];
  arrayPath: string[];
  field: FieldSchema;
  /** Paths kept inside each item (`firstName`). */
  children: string[][];
}

/** Each item of a multi-valued nested field reduced to the picked children (and its `id`). */
function pickItems(pick: ArrayPick): TreeEntry {
  const children = pick.children.map((path) => ({ path, expr: jsonAt('pe.value', path), field: pick.field }));
  const item = objectTree([
    { path: ['id'], expr: jsonAt('pe.value', ['id']), field: pick.field },
    ...children,
  ]);
  const items = sql`(SELECT json_group_array(json(${item.expr}) ORDER BY pe.key) FROM json_each(doc, ${jsonPath(pick.arrayPath)}) AS pe)`;
  return { path: pick.head, expr: sql`json(${items})`, field: pick.field };
}

/**
 * `{project: 'f1,f2'}`: keeps those paths (and `id` when documents have one). A parent includes
 * its children; `items.child` keeps that child in each item of a multi-valued nested field.
 */
export function projectStage(arg: unknown, ctx: StageContext): StageResult {
  const paths = pathList(arg, 'project');
  if (Object.hasOwn(ctx.shape, 'id') && !paths.includes('id')) paths.unshift('id');
  const entries: TreeEntry[] = [];
  const picks = new Map<string, ArrayPick>();
  for (const p of paths) {
    const { arrays, leaf, field } = resolvePath(docScope(ctx.entity, ctx.shape), p);
    const segments = p.split('.');
    if (arrays.length === 0 || (arrays.length === 1 && leaf.length === 0)) {
      entries.push({ path: segments, expr: jsonAt('doc', arrays[0] ?? leaf), field });
    } else if (arrays.length === 1) {
      const arrayPath = arrays[0] as string[];
      const key = arrayPath.join('.');
      const pick = picks.get(key) ?? {
        head: segments.slice(0, arrayPath.length),
        arrayPath,
        field,
        children: [],
      };
      pick.children.push(leaf);
      picks.set(key, pick);
    } else {
      problem(`project field '${p}' goes through more than one multi-valued field`);
    }
  }
  for (const pick of picks.values()) {
    const whole = entries.find((e) => e.path.join('.') === pick.head.join('.'));
    if (!whole) entries.push(pickItems(pick));
  }
  const tree = objectTree(entries);
  return { body: sql`SELECT ${tree.expr} AS doc, rn FROM ${raw(ctx.prev)}`, shape: tree.shape };
}
