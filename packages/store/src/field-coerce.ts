import type { FieldDef } from './app-definition.js';
import { storedEmail } from './email-form.js';
import { isPlainObject, typeOf } from './problems.js';

/** What coercion needs from the store: lookups of related records and groups. */
export interface CoerceContext {
  /** Resolves an id string, `{id}`, a label string or `{label}`; null when nothing matches. */
  resolveRelationship(entity: string, value: unknown): { id: string; label: string | null } | null;
  /** Resolves a group id, name or label to the group's name; null when unknown. */
  resolveGroup(value: string): string | null;
  /** A fresh id for nested items. */
  newId(): string;
}

/** The storage form of one scalar value, or why it has none. */
export type Coerced = { ok: true; value: unknown } | { ok: false; code: string; message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const bad = (code: string, message: string): Coerced => ({ ok: false, code, message });
const wrongType = (expected: string, value: unknown) =>
  bad('type', `must be ${expected}, got ${typeOf(value)}`);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const SHORT_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(:\d{2})?)$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const TIME_TEXT = /^([01]\d|2[0-3]):[0-5]\d$/;

/** True when `text` is a time of day as `HH:mm` (00:00 to 23:59). */
export function isTimeText(text: string): boolean {
  return TIME_TEXT.test(text);
}

/** True when `text` is `YYYY-MM-DD` and a real calendar day. */
export function isDateText(text: string): boolean {
  const m = DATE_TEXT.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Epoch ms from a number, a Date, an ISO string or `yyyy-MM-dd HH:mm` (UTC); null if none. */
export function toEpochMillis(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  if (typeof value !== 'string') return null;
  if (INTEGER_TEXT.test(value)) return toEpochMillis(Number(value));
  const short = SHORT_DATE_TIME.exec(value);
  const iso = short ? `${short[1]}T${short[2]}Z` : value;
  if (!ISO_DATE_TIME.test(iso) || (!short && !isDateText(value.slice(0, 10)))) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function coerceNumber(value: unknown, integer: boolean): Coerced {
  const expected = integer ? 'an integer' : 'a number';
  let n = value;
  if (typeof value === 'string' && (integer ? INTEGER_TEXT : DECIMAL_TEXT).test(value)) n = Number(value);
  if (typeof n !== 'number' || !Number.isFinite(n)) return wrongType(expected, value);
  if (integer && !Number.isSafeInteger(n)) return bad('type', `must be an integer, got ${n}`);
  return ok(n);
}

function coerceRelationship(def: FieldDef, value: unknown, ctx: CoerceContext): Coerced {
  const byObject = isPlainObject(value) && (typeof value.id === 'string' || typeof value.label === 'string');
  if (typeof value !== 'string' && !byObject) return wrongType('an id, a label, {id} or {label}', value);
  const found = ctx.resolveRelationship(def.entity!, value);
  if (found) return ok(found);
  const key =
    typeof value === 'string'
      ? value
      : String((value as { id?: string; label?: string }).id ?? (value as { label: string }).label);
  return bad('notFound', `no '${def.entity}' record has the id or label '${key.slice(0, 100)}'`);
}

function coerceGroup(value: unknown, ctx: CoerceContext): Coerced {
  const key = isPlainObject(value) ? (value.name ?? value.id ?? value.label) : value;
  if (typeof key !== 'string') return wrongType('a group id, name or label', value);
  const name = ctx.resolveGroup(key);
  return name === null
    ? bad('notFound', `no group has the id, name or label '${key.slice(0, 100)}'`)
    : ok(name);
}

function coerceJson(value: unknown): Coerced {
  try {
    return ok(JSON.parse(JSON.stringify(value)));
  } catch {
    return bad('type', 'must be a JSON value');
  }
}

/** Converts one non-null scalar (not nested, not an array) to its storage form. */
export function coerceScalar(def: FieldDef, value: unknown, ctx: CoerceContext): Coerced {
  switch (def.type) {
    case 'text':
    case 'longText':
    case 'url':
    case 'rank':
      return typeof value === 'string' ? ok(value) : wrongType('a string', value);
    case 'email':
      if (typeof value !== 'string') return wrongType('a string', value);
      return EMAIL.test(value) ? ok(storedEmail(value)) : bad('type', 'must be a valid email address');
    case 'integer':
    case 'decimal':
    case 'money':
      return coerceNumber(value, def.type === 'integer');
    case 'boolean':
      if (value === 'true' || value === 'false') return ok(value === 'true');
      return typeof value === 'boolean' ? ok(value) : wrongType('a boolean', value);
    case 'date':
      if (value instanceof Date && !Number.isNaN(value.getTime()))
        return ok(value.toISOString().slice(0, 10));
      return typeof value === 'string' && isDateText(value)
        ? ok(value)
        : wrongType('a date (YYYY-MM-DD)', value);
    case 'time':
      if (typeof value !== 'string') return wrongType('a time (HH:mm)', value);
      return isTimeText(value)
        ? ok(value)
        : bad('type', `must be a time (HH:mm), got '${value.slice(0, 100)}'`);
    case 'dateTime': {
      const ms = toEpochMillis(value);
      return ms === null
        ? wrongType('epoch milliseconds, an ISO date-time or yyyy-MM-dd HH:mm', value)
        : ok(ms);
    }
    case 'choice':
      if (typeof value !== 'string') return wrongType('a string', value);
      return def.options!.includes(value)
        ? ok(value)
        : bad('option', `must be one of ${def.options!.join(', ')}, got '${value.slice(0, 100)}'`);
    case 'relationship':
      return coerceRelationship(def, value, ctx);
    case 'group':
      return coerceGroup(value, ctx);
    case 'json':
      return coerceJson(value);
    case 'nested':
      return wrongType('an object', value);
  }
}
