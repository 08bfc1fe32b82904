import type { WireRecord } from '@warden/sys-api';
import { badRequest, isForbiddenKey } from '@warden/sys-api';

/** Argument checks shared by the bind files: every value a script sends is untrusted JSON. */

/**
 * Rejects `__proto__`, `constructor` and `prototype` keys at any depth (host prototype pollution).
 * Every host call runs it over its arguments, so it walks by index and `for…in` (values parsed
 * from JSON have no enumerable inherited keys), without the iterator and key arrays.
 */
export function assertSafeKeys(op: string, value: unknown, depth = 0): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > 64) throw badRequest(`${op}: arguments are nested too deeply`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertSafeKeys(op, value[i], depth + 1);
    return;
  }
  for (const key in value) {
    if (isForbiddenKey(key)) throw badRequest(`${op}: the key '${key}' is not allowed`);
    assertSafeKeys(op, (value as Record<string, unknown>)[key], depth + 1);
  }
}

export function str(op: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw badRequest(`${op}: ${name} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

export function optStr(op: string, name: string, value: unknown): string | null {
  return value === null || value === undefined ? null : str(op, name, value);
}

export function int(op: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${op}: ${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

export function optInt(op: string, name: string, value: unknown, min: number, max: number): number | null {
  return value === null || value === undefined ? null : int(op, name, value, min, max);
}

export function obj(op: string, name: string, value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`${op}: ${name} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function arr(op: string, name: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`${op}: ${name} must be an array, got ${describe(value)}`);
  return value;
}

/** A record as the bootstrap sends it: `{entity, id, version, label, fields}`. */
export function wire(op: string, name: string, value: unknown, entity?: string): WireRecord {
  const r = obj(op, name, value);
  if (
    !r ||
    typeof r.entity !== 'string' ||
    (r.id !== null && typeof r.id !== 'string') ||
    typeof r.version !== 'number' ||
    r.fields === null ||
    typeof r.fields !== 'object' ||
    Array.isArray(r.fields)
  ) {
    throw badRequest(`${op}: ${name} must be a record`);
  }
  if (entity && r.entity !== entity) {
    throw badRequest(`${op}: ${name} must be a ${entity} record, got a ${r.entity} record`);
  }
  return {
    entity: r.entity,
    id: r.id as string | null,
    version: r.version,
    label: typeof r.label === 'string' ? r.label : null,
    fields: r.fields as Record<string, unknown>,
  };
}

/** A short, safe description of a script's value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return typeof value;
}
