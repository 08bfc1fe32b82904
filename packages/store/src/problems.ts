import type { FieldError } from '@warden/sys-api';

/** Keys that would reach an object's prototype; rejected in every input. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Collects every problem of one input, so that callers can report them all at once. */
export interface Problems {
  readonly list: FieldError[];
  add(field: string, code: string, message: string): void;
}

/** A fresh, empty problem list. */
export function createProblems(): Problems {
  const list: FieldError[] = [];
  return { list, add: (field, code, message) => list.push({ field, code, message }) };
}

/** True for `{}`-style objects (not arrays, dates, class instances or prototype tricks). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Joins a path prefix and a key: `entities` + `companies` → `entities.companies`. */
export function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Describes a value's type for messages: `number`, `array`, `null`, `object`. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  return typeof value;
}

/** Reports every forbidden key (`__proto__`, …) and every non-JSON value found under `value`. */
export function findUnsafeKeys(value: unknown, path: string, problems: Problems, depth = 0): void {
  if (depth > 64) {
    problems.add(path, 'invalid', 'is nested too deeply');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      findUnsafeKeys(item, `${path}[${i}]`, problems, depth + 1);
    });
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    if (!isPlainObject(value)) {
      problems.add(path, 'type', 'must be a plain object');
      return;
    }
    for (const key of Object.keys(value)) {
      const child = joinPath(path, key);
      if (FORBIDDEN_KEYS.has(key)) problems.add(child, 'forbiddenKey', `the key '${key}' is not allowed`);
      else findUnsafeKeys(value[key], child, problems, depth + 1);
    }
  }
}
