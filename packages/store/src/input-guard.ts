import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import type { AppDefinition, EntityDef } from './app-definition.js';
import { createProblems, findUnsafeKeys, isPlainObject, typeOf } from './problems.js';
import type { RemoveOptions, WriteOptions } from './record-hooks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` has record-id syntax (a UUID). */
export const isRecordId = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The entity named `name`, or a badRequest naming the function. */
export function entityOf(app: AppDefinition, fn: string, name: unknown): EntityDef {
  if (typeof name !== 'string') throw badRequest(`${fn}: entity must be a string, got ${typeOf(name)}`);
  if (!Object.hasOwn(app.entities, name)) throw badRequest(`${fn}: unknown entity '${name.slice(0, 100)}'`);
  return app.entities[name]!;
}

/** Checks a record id argument: a string with UUID syntax. */
export function assertId(fn: string, id: unknown): string {
  if (typeof id !== 'string') throw badRequest(`${fn}: id must be a string, got ${typeOf(id)}`);
  if (!UUID.test(id)) throw badRequest(`${fn}: id '${id.slice(0, 100)}' is not a valid record id`);
  return id;
}

/** Checks a fields argument: a plain object without `__proto__`-style keys at any depth. */
export function assertFields(fn: string, fields: unknown, arg = 'fields'): Record<string, unknown> {
  if (!isPlainObject(fields)) throw badRequest(`${fn}: ${arg} must be an object, got ${typeOf(fields)}`);
  const problems = createProblems();
  findUnsafeKeys(fields, arg, problems);
  if (problems.list.length > 0) {
    const where = problems.list.map((e) => `${e.field} (${e.message})`).join(', ');
    throw new WardenError('badRequest', `${fn}: ${arg} hold forbidden keys or values: ${where}`, {
      errors: problems.list,
    });
  }
  return fields;
}

/** Checks a record argument: an object with `fields`, an optional id and version. */
export function assertRecord(fn: string, record: unknown): RecordData {
  if (!isPlainObject(record)) throw badRequest(`${fn}: record must be an object, got ${typeOf(record)}`);
  if (record.id !== null && record.id !== undefined) assertId(fn, record.id);
  const version = record.version;
  if (version !== null && version !== undefined && !Number.isSafeInteger(version)) {
    throw badRequest(`${fn}: record.version must be an integer, got ${typeOf(version)}`);
  }
  assertFields(fn, record.fields ?? {}, 'record.fields');
  return record as unknown as RecordData;
}

/** Checks a milliseconds option: a finite number of at least 0. */
export function assertMillis(fn: string, arg: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badRequest(`${fn}: ${arg} must be a number of milliseconds >= 0, got ${typeOf(value)}`);
  }
  return value;
}

const OPTION_FLAGS = ['performValidations', 'defaultValues', 'calculateFields', 'triggerEvents'] as const;

/** Checks write options: absent or null is `{}`; `mode` is standard or lite; flags are booleans. */
export function assertWriteOptions(fn: string, opts: unknown): WriteOptions {
  if (opts === undefined || opts === null) return {};
  if (!isPlainObject(opts)) throw badRequest(`${fn}: options must be an object, got ${typeOf(opts)}`);
  const { mode } = opts as WriteOptions;
  if (mode !== undefined && mode !== 'standard' && mode !== 'lite') {
    throw badRequest(`${fn}: options.mode must be 'standard' or 'lite', got ${typeOf(mode)}`);
  }
  for (const flag of OPTION_FLAGS) {
    const value = (opts as Record<string, unknown>)[flag];
    if (value !== undefined && typeof value !== 'boolean') {
      throw badRequest(`${fn}: options.${flag} must be a boolean, got ${typeOf(value)}`);
    }
  }
  return opts as WriteOptions;
}

/** Checks remove options: absent or null is `{}`; `triggerEvents` is a boolean. */
export function assertRemoveOptions(fn: string, opts: unknown): RemoveOptions {
  if (opts === undefined || opts === null) return {};
  if (!isPlainObject(opts)) throw badRequest(`${fn}: options must be an object, got ${typeOf(opts)}`);
  const { triggerEvents } = opts as RemoveOptions;
  if (triggerEvents !== undefined && typeof triggerEvents !== 'boolean') {
    throw badRequest(`${fn}: options.triggerEvents must be a boolean, got ${typeOf(triggerEvents)}`);
  }
  return opts as RemoveOptions;
}
