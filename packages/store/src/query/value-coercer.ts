import type { FieldSchema } from '@warden/sys-api';
import { emailKey } from '../email-form.js';
import type { SqlValue } from './query-ast.js';
import { show } from './query-error.js';

/** Thrown problem text; the caller adds the entity and key. */
export class CoercionProblem extends Error {}

const fail = (problem: string): never => {
  throw new CoercionProblem(problem);
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?))?(Z|[+-]\d{2}:?\d{2})?$/;

function validDay(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** Epoch ms from a number, a Date, or an ISO-like string (`yyyy-MM-dd[ HH:mm[:ss[.SSS]]][zone]`, UTC when no zone). */
export function toEpochMs(raw: unknown): number {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? fail('invalid Date') : raw.getTime();
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? raw : fail(`expected a date-time, got ${show(raw)}`);
  if (typeof raw !== 'string') return fail(`expected a date-time, got ${show(raw)}`);
  const text = raw.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const m = DATE_TIME.exec(text);
  if (!m || !validDay(text))
    return fail(`expected a date-time (epoch ms or yyyy-MM-dd HH:mm), got ${show(raw)}`);
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[3] ?? 'Z'}`);
  return Number.isNaN(ms) ? fail(`invalid date-time ${show(raw)}`) : ms;
}

/** `YYYY-MM-DD` from a day string, an ISO date-time (its day part), epoch ms or a Date (UTC day). */
export function toDay(raw: unknown): string {
  if (typeof raw === 'string' && !/^-?\d+$/.test(raw.trim())) {
    const text = raw.trim();
    if (!DATE_TIME.test(text) || !validDay(text))
      return fail(`expected a date (yyyy-MM-dd), got ${show(raw)}`);
    return text.slice(0, 10);
  }
  return new Date(toEpochMs(raw)).toISOString().slice(0, 10);
}

function toTime(raw: unknown): string {
  if (typeof raw === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(raw.trim())) return raw.trim();
  return fail(`expected a time (HH:mm), got ${show(raw)}`);
}

function toText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return fail(`expected a string, got ${show(raw)}`);
}

function toNumber(raw: unknown, integer: boolean): number {
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    return fail(`expected ${integer ? 'an integer' : 'a number'}, got ${show(raw)}`);
  }
  return n;
}

function toBoolean(raw: unknown): number {
  if (raw === true || raw === 'true') return 1;
  if (raw === false || raw === 'false') return 0;
  return fail(`expected true or false, got ${show(raw)}`);
}

function toId(raw: unknown): string {
  if (typeof raw === 'string' && raw !== '') return raw;
  if (typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string') {
    return (raw as { id: string }).id;
  }
  return fail(`expected a record id, got ${show(raw)}`);
}

/**
 * Converts one query value to the SQL value stored for this field type, so comparisons happen
 * between like types (booleans as 1/0, dates as days, dateTimes as epoch ms, relationships by id).
 */
export function coerceValue(field: FieldSchema, raw: unknown): SqlValue {
  switch (field.type) {
    case 'integer':
      return toNumber(raw, true);
    case 'decimal':
    case 'money':
      return toNumber(raw, false);
    case 'time':
      return toTime(raw);
    case 'boolean':
      return toBoolean(raw);
    case 'date':
      return toDay(raw);
    case 'dateTime':
      return toEpochMs(raw);
    case 'relationship':
      return toId(raw);
    case 'choice': {
      const text = toText(raw);
      if (field.options && !field.options.includes(text)) {
        fail(`${show(text)} is not one of the options ${field.options.join(', ')}`);
      }
      return text;
    }
    case 'email':
      return emailKey(toText(raw));
    case 'text':
    case 'longText':
    case 'url':
    case 'rank':
    case 'group':
      return toText(raw);
    default:
      return fail(`a ${field.type} field cannot be compared to a value`);
  }
}
