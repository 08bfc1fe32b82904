import type { FieldType } from '@warden/sys-api';
import { FIELD_TYPES, type FieldDef } from './app-definition.js';
import { fieldDef } from './builtin-users.js';
import { type CoerceContext, isDateText, isTimeText, toEpochMillis } from './field-coerce.js';
import { isPlainObject, joinPath, type Problems } from './problems.js';
import { normalizeValue } from './record-validate.js';

/** What checking a field needs to know about the rest of the definition. */
export interface FieldCheckScope {
  entities: ReadonlySet<string>;
  coerce: CoerceContext;
}

export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const RESERVED = new Set(['id', 'version', 'label']);
const KEYS = new Set([
  'type',
  'label',
  'multiple',
  'required',
  'unique',
  'indexed',
  'writeOnly',
  'default',
  'min',
  'max',
  'pattern',
  'options',
  'entity',
  'fields',
]);
const TEXT: ReadonlySet<string> = new Set(['text', 'longText', 'email', 'url', 'rank']);
const NO_INDEX: ReadonlySet<string> = new Set(['nested', 'json', 'boolean']);

function flag(raw: Record<string, unknown>, key: string, path: string, p: Problems): boolean {
  const value = raw[key] ?? false;
  if (typeof value !== 'boolean') p.add(joinPath(path, key), 'type', `must be a boolean`);
  return value === true;
}

/** A `min`/`max` bound in the type's own units, or undefined after reporting why not. */
function bound(type: FieldType, value: unknown, at: string, p: Problems): number | string | undefined {
  if (TEXT.has(type)) {
    if (Number.isSafeInteger(value) && (value as number) >= 0) return value as number;
    p.add(at, 'type', 'must be a non-negative integer (a length) for text fields');
  } else if (type === 'integer' || type === 'decimal' || type === 'money') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    p.add(at, 'type', 'must be a number');
  } else if (type === 'date') {
    if (typeof value === 'string' && isDateText(value)) return value;
    p.add(at, 'type', 'must be a date (YYYY-MM-DD)');
  } else if (type === 'time') {
    if (typeof value === 'string' && isTimeText(value)) return value;
    p.add(at, 'type', 'must be a time (HH:mm)');
  } else if (type === 'dateTime') {
    const ms = toEpochMillis(value);
    if (ms !== null) return ms;
    p.add(at, 'type', 'must be epoch milliseconds or an ISO date-time');
  } else {
    p.add(at, 'invalid', `${type} fields take no min/max`);
  }
  return undefined;
}

function checkOptions(raw: unknown, at: string, p: Problems): string[] | undefined {
  const ok = Array.isArray(raw) && raw.length > 0 && raw.every((o) => typeof o === 'string' && o !== '');
  if (!ok) p.add(at, 'invalid', 'choice fields need a non-empty options array of non-empty strings');
  else if (new Set(raw).size !== raw.length) p.add(at, 'duplicate', 'options must be unique');
  return ok ? (raw as string[]) : undefined;
}

/** Checks the `fields` object of an entity or nested field; every problem goes to `p`. */
export function checkFieldDefs(
  raw: unknown,
  path: string,
  p: Problems,
  scope: FieldCheckScope,
  depth = 0,
): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  if (!isPlainObject(raw) || Object.keys(raw).length === 0) {
    p.add(path, 'invalid', 'must be a non-empty object of fields');
    return out;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = joinPath(path, name);
    if (!IDENTIFIER.test(name)) p.add(at, 'identifier', `'${name}' is not a valid field name`);
    else if (RESERVED.has(name)) p.add(at, 'reserved', `'${name}' is a reserved name`);
    const def = checkFieldDef(value, at, p, scope, depth);
    if (def) out[name] = def;
  }
  return out;
}

function checkFieldDef(raw: unknown, path: string, p: Problems, scope: FieldCheckScope, depth: number) {
  if (!isPlainObject(raw)) {
    p.add(path, 'type', 'must be an object with a type');
    return null;
  }
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) p.add(joinPath(path, key), 'unknownKey', `'${key}' is not a field option`);
  }
  const type = raw.type as FieldType;
  if (!FIELD_TYPES.includes(type)) {
    p.add(joinPath(path, 'type'), 'unknownType', `must be one of ${FIELD_TYPES.join(', ')}`);
    return null;
  }
  const def = fieldDef(type);
  for (const key of ['multiple', 'required', 'unique', 'indexed', 'writeOnly'] as const) {
    def[key] = flag(raw, key, path, p);
  }
  const at = (key: string) => joinPath(path, key);
  if (raw.label !== undefined) {
    if (typeof raw.label === 'string') def.label = raw.label;
    else p.add(at('label'), 'type', 'must be a string');
  }
  if ((def.unique || def.indexed) && (NO_INDEX.has(type) || def.multiple || def.writeOnly || depth > 0)) {
    p.add(
      at(def.unique ? 'unique' : 'indexed'),
      'invalid',
      'only single, stored, top-level scalar fields can be indexed',
    );
  }
  if (type === 'choice') def.options = checkOptions(raw.options, at('options'), p) ?? [];
  else if (raw.options !== undefined) p.add(at('options'), 'invalid', 'only choice fields take options');
  if (type === 'relationship') {
    if (typeof raw.entity !== 'string') p.add(at('entity'), 'required', 'relationship fields need an entity');
    else if (!scope.entities.has(raw.entity))
      p.add(at('entity'), 'unknownEntity', `unknown entity '${raw.entity}'`);
    def.entity = String(raw.entity);
  } else if (raw.entity !== undefined)
    p.add(at('entity'), 'invalid', 'only relationship fields take an entity');
  if (type === 'nested') def.fields = checkFieldDefs(raw.fields, at('fields'), p, scope, depth + 1);
  else if (raw.fields !== undefined) p.add(at('fields'), 'invalid', 'only nested fields take fields');
  if (raw.pattern !== undefined) checkPattern(def, raw.pattern, at('pattern'), p);
  for (const key of ['min', 'max'] as const) {
    if (raw[key] !== undefined) def[key] = bound(type, raw[key], at(key), p);
  }
  if (def.min !== undefined && def.max !== undefined && def.min > def.max) {
    p.add(at('min'), 'invalid', 'must not be greater than max');
  }
  if (raw.default !== undefined) checkDefault(def, raw.default, at('default'), p, scope);
  return def;
}

function checkPattern(def: FieldDef, pattern: unknown, at: string, p: Problems): void {
  if (!TEXT.has(def.type)) {
    p.add(at, 'invalid', 'only text fields take a pattern');
    return;
  }
  if (typeof pattern !== 'string' || pattern.length > 500) {
    p.add(at, 'type', 'must be a string of at most 500 characters');
    return;
  }
  try {
    new RegExp(pattern);
    def.pattern = pattern;
  } catch {
    p.add(at, 'invalid', 'is not a valid regular expression');
  }
}

function checkDefault(def: FieldDef, value: unknown, at: string, p: Problems, scope: FieldCheckScope): void {
  if (def.type === 'relationship' || def.type === 'nested') {
    p.add(at, 'invalid', `${def.type} fields cannot have a default`);
    return;
  }
  const errors: { field: string; code: string; message: string }[] = [];
  const normalized = normalizeValue(def, value, at, scope.coerce, errors, {
    defaults: false,
    validations: true,
  });
  for (const e of errors) p.add(e.field, e.code, e.message);
  if (errors.length === 0 && normalized !== null) def.default = normalized;
}
