import type { AppSchema, FieldError } from '@warden/sys-api';
import { WardenError } from '@warden/sys-api';
import { readConfinedScript } from './script-file.js';

/** The types an action parameter may take. */
export const PARAM_TYPES = [
  'text',
  'email',
  'integer',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'json',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export interface ActionParam {
  type: ParamType;
  required: boolean;
  label: string;
}

/**
 * An action of the app definition, its script read. An entity action runs on one record
 * (`record`, `params`, `action`); a global action (no entity, or `type: 'global'` on an entity)
 * runs with `params` and `action` only.
 */
export interface ActionSpec {
  name: string;
  entity: string | null;
  type: 'record' | 'global';
  label: string;
  parameters: Record<string, ActionParam>;
  source: string;
  /** Attempts when it runs as a job (default 1: no retry). */
  maxAttempts: number;
  backoffMs: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const KEYS = new Set([
  'name',
  'entity',
  'type',
  'label',
  'parameters',
  'script',
  'source',
  'retries',
  'backoffMs',
]);

const show = (v: unknown) =>
  typeof v === 'string'
    ? `'${v.slice(0, 40)}'`
    : v === undefined
      ? 'nothing'
      : v === null
        ? 'null'
        : typeof v;

/**
 * Checks `actions` of an app definition and reads their scripts (relative to `baseDir`, inside it).
 * Every problem at once, with its path (`actions[1].parameters.note.type`).
 */
export function loadActions(raw: unknown, schema: AppSchema, baseDir: string | null): ActionSpec[] {
  const errors: FieldError[] = [];
  const out: ActionSpec[] = [];
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) {
    throw new WardenError('badRequest', 'createRuntime: invalid actions: actions: must be an array', {
      errors: [{ field: 'actions', code: 'type', message: 'must be an array' }],
    });
  }
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const path = `actions[${i}]`;
    const add = (key: string, code: string, message: string) =>
      errors.push({ field: key ? `${path}.${key}` : path, code, message });
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      add('', 'type', 'must be an object');
      return;
    }
    const a = item as Record<string, unknown>;
    const before = errors.length;
    for (const key of Object.keys(a)) if (!KEYS.has(key)) add(key, 'unknown', 'is not an action property');
    if (typeof a.name !== 'string' || !NAME.test(a.name)) add('name', 'invalid', 'must be an identifier');
    if (a.entity !== undefined && (typeof a.entity !== 'string' || !schema.entities[a.entity]))
      add('entity', 'notFound', `no entity named ${show(a.entity)}`);
    const key = `${String(a.entity ?? '')}/${String(a.name)}`;
    if (seen.has(key)) add('name', 'duplicate', `'${String(a.name)}' is declared twice for this entity`);
    seen.add(key);
    if (a.type !== undefined && a.type !== 'record' && a.type !== 'global')
      add('type', 'invalid', `must be 'record' or 'global'; got ${show(a.type)}`);
    if (a.type === 'record' && a.entity === undefined) add('type', 'invalid', "'record' needs an entity");
    if (a.label !== undefined && typeof a.label !== 'string') add('label', 'type', 'must be a string');
    if (
      a.retries !== undefined &&
      !(Number.isInteger(a.retries) && (a.retries as number) >= 0 && (a.retries as number) <= 20)
    )
      add('retries', 'invalid', 'must be an integer from 0 to 20');
    if (a.backoffMs !== undefined && !(Number.isInteger(a.backoffMs) && (a.backoffMs as number) >= 0))
      add('backoffMs', 'invalid', 'must be a whole number of ms');
    const parameters: Record<string, ActionParam> = {};
    if (a.parameters !== undefined) {
      if (!a.parameters || typeof a.parameters !== 'object' || Array.isArray(a.parameters))
        add('parameters', 'type', 'must be an object of parameter definitions');
      else
        for (const [p, def] of Object.entries(a.parameters)) {
          const at = `parameters.${p}`;
          if (!NAME.test(p)) add(at, 'invalid', 'must be an identifier');
          const d = (def ?? {}) as Record<string, unknown>;
          if (!PARAM_TYPES.includes(d.type as ParamType))
            add(`${at}.type`, 'invalid', `must be one of ${PARAM_TYPES.join(', ')}; got ${show(d.type)}`);
          if (d.required !== undefined && typeof d.required !== 'boolean')
            add(`${at}.required`, 'type', 'must be true or false');
          parameters[p] = {
            type: d.type as ParamType,
            required: d.required === true,
            label: typeof d.label === 'string' ? d.label : p,
          };
        }
    }
    let source: string | null = null;
    if ((a.script === undefined) === (a.source === undefined))
      add('', 'invalid', 'needs exactly one of script and source');
    else if (a.source !== undefined) {
      if (typeof a.source === 'string') source = a.source;
      else add('source', 'type', 'must be a string');
    } else if (typeof a.script !== 'string' || a.script === '')
      add('script', 'type', 'must be a relative file path');
    else if (baseDir === null) add('script', 'invalid', 'needs an app definition file to be relative to');
    else {
      const read = readConfinedScript(baseDir, a.script);
      if ('problem' in read) add('script', 'invalid', read.problem);
      else source = read.source;
    }
    if (errors.length > before || source === null) return;
    const entity = (a.entity as string | undefined) ?? null;
    out.push({
      name: a.name as string,
      entity,
      type: entity === null || a.type === 'global' ? 'global' : 'record',
      label: (a.label as string | undefined) ?? (a.name as string),
      parameters,
      source,
      maxAttempts: ((a.retries as number | undefined) ?? 0) + 1,
      backoffMs: (a.backoffMs as number | undefined) ?? 1000,
    });
  });
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `createRuntime: invalid actions: ${summary}`, { errors });
  }
  return out;
}

/** The action named `name` of `entity` (null: app-level), or notFound naming the call. */
export function findAction(
  actions: readonly ActionSpec[],
  call: string,
  entity: string | null,
  name: string,
) {
  const found = actions.find((a) => a.entity === entity && a.name === name);
  if (!found) {
    const where = entity === null ? 'global action' : `action of '${entity}'`;
    throw new WardenError('notFound', `${call}: no ${where} named '${name}'`);
  }
  return found;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The parameters an action receives: every declared one present (null when not given), each of its
 * type; unknown names and missing required ones are `validationErrors` naming the call.
 */
export function checkActionParams(spec: ActionSpec, call: string, given: unknown): Record<string, unknown> {
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given)))
    throw new WardenError(
      'badRequest',
      `${call}: params must be an object, got ${Array.isArray(given) ? 'array' : typeof given}`,
    );
  const params = (given ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(params))
    if (!Object.hasOwn(spec.parameters, key))
      errors.push({ field: key, code: 'unknown', message: `'${spec.name}' has no parameter '${key}'` });
  for (const [name, p] of Object.entries(spec.parameters)) {
    const v = params[name];
    if (v === undefined || v === null || v === '') {
      if (p.required) errors.push({ field: name, code: 'required', message: `'${name}' is required` });
      out[name] = null;
      continue;
    }
    const ok =
      p.type === 'json' ||
      (p.type === 'text' && typeof v === 'string') ||
      (p.type === 'email' && typeof v === 'string' && EMAIL.test(v)) ||
      (p.type === 'integer' && Number.isSafeInteger(v)) ||
      (p.type === 'decimal' && typeof v === 'number' && Number.isFinite(v)) ||
      (p.type === 'boolean' && typeof v === 'boolean') ||
      (p.type === 'date' && typeof v === 'string' && DATE.test(v)) ||
      (p.type === 'dateTime' && Number.isSafeInteger(v));
    if (!ok) errors.push({ field: name, code: 'invalid', message: `'${name}' must be of type ${p.type}` });
    out[name] = v;
  }
  if (errors.length > 0) {
    throw new WardenError(
      'validationErrors',
      `${call}: invalid parameters of '${spec.name}': ${errors.map((e) => e.message).join('; ')}`,
      { errors },
    );
  }
  return out;
}
