import type { FieldSchema } from '@warden/sys-api';
import {
  checkName,
  docPath,
  jsonAt,
  objectTree,
  pathList,
  problem,
  type TreeEntry,
  valueAt,
} from './aggregate-shape.js';
import type { StageContext, StageResult } from './aggregate-stages.js';
import { isPlainObject } from './query-error.js';
import { join, raw, type Sql, sql } from './sql.js';

const ACCUMULATOR = /^(count|sum|avg|first|last|min|max)\((.*)\)$/;
const NUMERIC = new Set(['integer', 'decimal', 'money']);
const COMPARABLE = new Set([
  'integer',
  'decimal',
  'money',
  'date',
  'dateTime',
  'time',
  'text',
  'longText',
  'url',
  'rank',
  'email',
  'choice',
  'group',
]);

const numberField = (name: string, type: 'integer' | 'decimal'): FieldSchema => ({
  name,
  type,
  multiple: false,
  required: false,
});

/** One accumulator (`sum(total)`) as an aggregate SQL expression over the group, with its output field. */
function accumulator(ctx: StageContext, name: string, spec: unknown): TreeEntry {
  const m = typeof spec === 'string' ? ACCUMULATOR.exec(spec.trim()) : null;
  if (!m)
    return problem(
      `accumulator '${name}' must be count(), sum(f), avg(f), first(f), last(f), min(f) or max(f)`,
    );
  const fn = m[1] as string;
  const arg = (m[2] as string).trim();
  if (fn === 'count') {
    if (arg !== '') return problem(`accumulator '${name}': count() takes no field`);
    return { path: [name], expr: raw('count(*)'), field: numberField(name, 'integer') };
  }
  const { path, resolved } = docPath(ctx.entity, ctx.shape, arg, `accumulator '${name}' field`);
  const { field } = resolved;
  const value = valueAt('doc', path);
  if ((fn === 'sum' || fn === 'avg') && !NUMERIC.has(field.type)) {
    return problem(`accumulator '${name}': ${fn}() needs a number field, '${arg}' is ${field.type}`);
  }
  if ((fn === 'min' || fn === 'max') && (!COMPARABLE.has(field.type) || field.multiple)) {
    return problem(`accumulator '${name}': ${fn}() cannot compare ${field.type} field '${arg}'`);
  }
  const same = { ...field, name };
  switch (fn) {
    case 'sum':
      return {
        path: [name],
        expr: sql`coalesce(sum(${value}), 0)`,
        field: numberField(name, field.type as 'integer'),
      };
    case 'avg':
      return { path: [name], expr: sql`avg(${value})`, field: numberField(name, 'decimal') };
    case 'min':
    case 'max':
      return { path: [name], expr: sql`${raw(fn)}(${value})`, field: same };
    default: {
      // first/last follow the incoming document order (rn).
      const at = raw(fn === 'first' ? "'$[0]'" : "'$[#-1]'");
      return {
        path: [name],
        expr: sql`json(json_group_array(${jsonAt('doc', path)} ORDER BY rn) -> ${at})`,
        field: same,
      };
    }
  }
}

/**
 * `{group: {by: 'f1,f2', total: 'sum(amount)'}}`: one document per distinct key with the by-fields
 * (dotted paths become nested objects) and the accumulators. Groups come out ordered by key.
 */
export function groupStage(arg: unknown, ctx: StageContext): StageResult {
  if (!isPlainObject(arg)) return problem("expects an object like {by: 'field', total: 'sum(amount)'}");
  const byPaths = arg.by === undefined ? [] : pathList(arg.by, 'by');
  const keys: Sql[] = [];
  const entries: TreeEntry[] = byPaths.map((p) => {
    const { path, resolved } = docPath(ctx.entity, ctx.shape, p, 'group by field');
    keys.push(valueAt('doc', path));
    return { path: p.split('.'), expr: jsonAt('doc', path), field: resolved.field };
  });
  const byHeads = new Set(byPaths.map((p) => p.split('.')[0]));
  for (const name of Object.keys(arg)) {
    if (name === 'by') continue;
    checkName(name, 'an accumulator name');
    if (byHeads.has(name)) return problem(`accumulator '${name}' clashes with a group by field`);
    entries.push(accumulator(ctx, name, arg[name]));
  }
  if (entries.length === 0) return problem('needs a by field or an accumulator');
  const tree = objectTree(entries);
  const order = keys.length ? sql`ORDER BY ${join(keys, ', ')}` : raw('');
  const groupBy = keys.length ? sql` GROUP BY ${join(keys, ', ')}` : raw('');
  return {
    body: sql`SELECT ${tree.expr} AS doc, row_number() OVER (${order}) AS rn FROM ${raw(ctx.prev)}${groupBy} HAVING count(*) > 0`,
    shape: tree.shape,
  };
}
