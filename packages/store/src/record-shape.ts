import type { Fields } from '@warden/sys-api';
import type { FieldDef } from './app-definition.js';
import { isPlainObject } from './problems.js';

type Defs = Record<string, FieldDef>;

function mapNested(def: FieldDef, value: unknown, fn: (defs: Defs, v: Record<string, unknown>) => unknown) {
  if (def.type !== 'nested' || value === null || value === undefined) return value;
  if (!def.multiple) return isPlainObject(value) ? fn(def.fields!, value) : value;
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    if (!isPlainObject(item)) return item;
    const out = fn(def.fields!, item) as Record<string, unknown>;
    return typeof item.id === 'string' ? { id: item.id, ...out } : out;
  });
}

/** The storage form of normalized fields: write-only fields and empty values removed. */
export function toStorage(defs: Defs, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = fields[name];
    if (def.writeOnly || value === null || value === undefined) continue;
    out[name] = mapNested(def, value, toStorage);
  }
  return out;
}

/**
 * The read form of stored data: every field of the schema present, empty ones null (`[]` when
 * multiple), write-only ones always null. Keys of removed fields stay hidden.
 */
export function toReadForm(defs: Defs, data: Record<string, unknown>): Fields {
  const out: Fields = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = def.writeOnly ? undefined : data[name];
    if (value === null || value === undefined) out[name] = def.multiple ? [] : null;
    else out[name] = mapNested(def, value, toReadForm);
  }
  return out;
}

/**
 * Fields for an update: the given ones over the previous ones. A single nested object merges
 * key by key (so `{authentication: {password}}` keeps `passwordExpired`); anything else is replaced.
 */
export function mergeFields(defs: Defs, previous: Record<string, unknown>, given: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...previous };
  for (const [name, value] of Object.entries(given)) {
    const def = Object.hasOwn(defs, name) ? defs[name] : undefined;
    const before = previous[name];
    const nested = def?.type === 'nested' && !def.multiple && isPlainObject(value) && isPlainObject(before);
    out[name] = nested ? mergeFields(def.fields!, before, value) : value;
  }
  return out;
}
