import type { FieldError } from '@warden/sys-api';
import type { FieldDef } from './app-definition.js';
import { type CoerceContext, coerceScalar } from './field-coerce.js';
import { isPlainObject, typeOf } from './problems.js';

/** How strictly to normalize: `validations` off keeps type checks only (Slingr's performValidations). */
export interface NormalizeOptions {
  defaults: boolean;
  validations: boolean;
}

const TEXT_TYPES = new Set(['text', 'longText', 'email', 'url', 'rank']);
const patterns = new WeakMap<FieldDef, RegExp>();

function patternOf(def: FieldDef): RegExp {
  const re = patterns.get(def) ?? new RegExp(def.pattern!);
  patterns.set(def, re);
  return re;
}

/** Applies `min`, `max` and `pattern` to one coerced value; returns the first broken rule. */
function checkRules(def: FieldDef, value: unknown): Omit<FieldError, 'field'> | null {
  const text = TEXT_TYPES.has(def.type);
  const size = text ? (value as string).length : (value as number | string);
  const unit = text ? ' characters' : '';
  if (def.min !== undefined && size < def.min) {
    return { code: 'min', message: `must be at least ${def.min}${unit}` };
  }
  if (def.max !== undefined && size > def.max) {
    return { code: 'max', message: `must be at most ${def.max}${unit}` };
  }
  if (def.pattern !== undefined && text && !patternOf(def).test(value as string)) {
    return { code: 'pattern', message: `must match the pattern ${def.pattern}` };
  }
  return null;
}

const INVALID = Symbol('invalid');

function normalizeOne(
  def: FieldDef,
  value: unknown,
  path: string,
  ctx: CoerceContext,
  errors: FieldError[],
  opts: NormalizeOptions,
): unknown {
  if (def.type === 'nested') {
    if (!isPlainObject(value)) {
      errors.push({ field: path, code: 'type', message: `must be an object, got ${typeOf(value)}` });
      return INVALID;
    }
    const out = normalizeFields(def.fields!, value, path, ctx, errors, opts);
    if (!def.multiple) return out;
    const id =
      typeof value.id === 'string' && value.id !== '' && value.id.length <= 64 ? value.id : ctx.newId();
    return { id, ...out };
  }
  const coerced = coerceScalar(def, value, ctx);
  if (!coerced.ok) {
    errors.push({ field: path, code: coerced.code, message: coerced.message });
    return INVALID;
  }
  const broken = opts.validations ? checkRules(def, coerced.value) : null;
  if (broken) errors.push({ field: path, ...broken });
  return broken ? INVALID : coerced.value;
}

/** Normalizes one field's value (single or multiple); null for an empty value. */
export function normalizeValue(
  def: FieldDef,
  value: unknown,
  path: string,
  ctx: CoerceContext,
  errors: FieldError[],
  opts: NormalizeOptions,
): unknown {
  if (value === null || value === undefined) return null;
  if (!def.multiple) {
    const out = normalizeOne(def, value, path, ctx, errors, opts);
    return out === INVALID ? null : out;
  }
  if (!Array.isArray(value)) {
    errors.push({ field: path, code: 'type', message: `must be an array, got ${typeOf(value)}` });
    return null;
  }
  const items = value.map((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (item !== null && item !== undefined) return normalizeOne(def, item, itemPath, ctx, errors, opts);
    errors.push({ field: itemPath, code: 'type', message: 'must not be null' });
    return INVALID;
  });
  const valid = items.filter((item) => item !== INVALID);
  return valid.length === 0 ? null : valid;
}

/**
 * Normalizes an object of fields to storage form (write-only values kept, nulls dropped),
 * pushing every problem with its full path (`addresses[1].zipCode`).
 */
export function normalizeFields(
  defs: Record<string, FieldDef>,
  input: Record<string, unknown>,
  prefix: string,
  ctx: CoerceContext,
  errors: FieldError[],
  opts: NormalizeOptions,
): Record<string, unknown> {
  const at = (name: string) => (prefix === '' ? name : `${prefix}.${name}`);
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(defs, key) && !(key === 'id' && prefix !== '')) {
      errors.push({
        field: at(key),
        code: 'unknownField',
        message: `'${key}' is not a field of this entity`,
      });
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    let value = input[name];
    if ((value === undefined || value === null) && opts.defaults && def.default !== undefined) {
      value = structuredClone(def.default);
    }
    const normalized = normalizeValue(def, value, at(name), ctx, errors, opts);
    const invalidNow = errors.some((e) => e.field === at(name) || e.field.startsWith(`${at(name)}[`));
    if (normalized !== null) out[name] = normalized;
    else if (def.required && opts.validations && !invalidNow) {
      errors.push({ field: at(name), code: 'required', message: 'is required' });
    }
  }
  return out;
}
