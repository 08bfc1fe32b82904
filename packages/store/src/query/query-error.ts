import { badRequest, type WardenError } from '@warden/sys-api';

/** Short, safe rendering of a bad value for messages. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A badRequest naming the entity, the query key and the problem. */
export function queryError(entity: string, key: string, problem: string): WardenError {
  return badRequest(`query on '${entity}': key '${key}': ${problem}`, { entity, key, problem });
}

/** Runs `fn`, reporting its query errors under `key` (e.g. a path given as the value of `_sortField`). */
export function underKey<T>(entity: string, key: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const problem = (e as { info?: { problem?: unknown } }).info?.problem;
    throw typeof problem === 'string' ? queryError(entity, key, problem) : e;
  }
}

/** A plain object (not an array, Date or class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
