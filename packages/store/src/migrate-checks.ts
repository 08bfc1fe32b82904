import type { FieldError } from '@warden/sys-api';
import type { EntityDef, FieldDef } from './app-definition.js';
import type { CoerceContext } from './field-coerce.js';
import { isPlainObject } from './problems.js';
import { normalizeValue } from './record-validate.js';

type Defs = Record<string, FieldDef>;
type Container = Record<string, unknown>;

/** One question to ask of every stored row: does this container break the new definition? */
interface RowCheck {
  path: string;
  parents: FieldDef[];
  parentNames: string[];
  name: string;
  breaks(container: Container): boolean;
  reason: string;
}

const hasValue = (v: unknown) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);

// Stored values are checked without the database: a relationship only needs an id.
const storedCtx: CoerceContext = {
  resolveRelationship: (_e, v) =>
    isPlainObject(v) && typeof v.id === 'string' ? { id: v.id, label: null } : null,
  resolveGroup: (key) => key,
  newId: () => 'x',
};

function fitsDefinition(def: FieldDef, value: unknown): boolean {
  const errors: FieldError[] = [];
  normalizeValue(def, value, '', storedCtx, errors, { defaults: false, validations: false });
  return errors.length === 0;
}

function shapeChanged(old: FieldDef, now: FieldDef): string | null {
  if (old.type !== now.type) return `the type changes from ${old.type} to ${now.type}`;
  if (old.multiple !== now.multiple) return `multiple changes from ${old.multiple} to ${now.multiple}`;
  if (old.entity !== now.entity) return `the related entity changes from ${old.entity} to ${now.entity}`;
  return null;
}

function collect(old: Defs, now: Defs, path: string, parents: FieldDef[], names: string[], out: RowCheck[]) {
  for (const [name, def] of Object.entries(now)) {
    const at = `${path}.${name}`;
    const base = { path: at, parents, parentNames: names, name };
    const before = Object.hasOwn(old, name) ? old[name] : undefined;
    const changed = before ? shapeChanged(before, def) : null;
    if (changed) {
      out.push({
        ...base,
        breaks: (c) => hasValue(c[name]),
        reason: `${changed} but stored records have values`,
      });
      continue;
    }
    if (!before || before.writeOnly) {
      out.push({
        ...base,
        breaks: (c) => hasValue(c[name]) && !fitsDefinition(def, c[name]),
        reason: 'stored records hold values of another shape under this name',
      });
    } else if (def.type === 'choice') {
      const removed = before.options!.filter((o) => !def.options!.includes(o));
      if (removed.length > 0) {
        out.push({
          ...base,
          breaks: (c) => hasValue(c[name]) && !fitsDefinition(def, c[name]),
          reason: `options ${removed.join(', ')} are removed but stored records use them`,
        });
      }
    }
    if (def.required && !before?.required && !def.writeOnly) {
      out.push({
        ...base,
        breaks: (c) => !hasValue(c[name]),
        reason: 'the field becomes required but stored records lack it',
      });
    }
    if (def.type === 'nested' && before?.type === 'nested') {
      collect(before.fields!, def.fields!, `${at}.fields`, [...parents, def], [...names, name], out);
    }
  }
}

function containersOf(data: Container, parents: FieldDef[], names: string[], depth = 0): Container[] {
  if (depth === parents.length) return [data];
  const value = data[names[depth]!];
  const items = parents[depth]!.multiple ? (Array.isArray(value) ? value : []) : [value];
  return items.filter(isPlainObject).flatMap((item) => containersOf(item, parents, names, depth + 1));
}

/**
 * Checks stored rows against a changed entity and returns one error per broken field, saying
 * why and how many records are in the way. `rows()` yields each record's `data` JSON; it is only called when a check is needed.
 */
export function checkStoredRows(old: EntityDef, now: EntityDef, rows: () => Iterable<string>): FieldError[] {
  const checks: RowCheck[] = [];
  collect(old.fields, now.fields, `entities.${now.name}.fields`, [], [], checks);
  if (checks.length === 0) return [];
  const counts = new Map<RowCheck, number>();
  for (const text of rows()) {
    const data = JSON.parse(text) as Container;
    for (const check of checks) {
      if (containersOf(data, check.parents, check.parentNames).some((c) => check.breaks(c))) {
        counts.set(check, (counts.get(check) ?? 0) + 1);
      }
    }
  }
  return [...counts].map(([check, n]) => ({
    field: check.path,
    code: 'incompatibleChange',
    message: `cannot migrate: ${check.reason} (${n} record${n === 1 ? '' : 's'})`,
  }));
}
