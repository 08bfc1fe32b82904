import { badRequest } from '@warden/sys-api';
import { checkLimits, describe } from './limits.js';
import type { RunRequest } from './types.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Names that cannot be parameters of a strict or sloppy function, or that would hide the sys API.
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if import in instanceof new null return super switch this throw true try ' +
    'typeof var void while with yield let static implements interface package private protected public ' +
    'await arguments eval sys log __proto__'
  ).split(' '),
);

/**
 * Checks a run request at the executor's boundary and returns a plain copy holding only the known
 * keys. Every problem is a `badRequest` naming `run` and the argument.
 */
export function checkRunRequest(req: unknown): RunRequest {
  if (!req || typeof req !== 'object')
    throw badRequest(`run: request must be an object, got ${describe(req)}`);
  const r = req as Record<string, unknown>;
  if (typeof r.source !== 'string')
    throw badRequest(`run: source must be a string, got ${describe(r.source)}`);
  const out: RunRequest = { source: r.source };
  for (const key of ['filename', 'entity', 'as'] as const) {
    const value = r[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value === '') {
      throw badRequest(`run: ${key} must be a non-empty string, got ${describe(value)}`);
    }
    out[key] = value;
  }
  const names = new Set<string>();
  out.params = checkVariables('params', r.params, names);
  out.records = checkVariables('records', r.records, names) as RunRequest['records'];
  for (const [name, record] of Object.entries(out.records ?? {})) {
    if (
      !record ||
      typeof record !== 'object' ||
      typeof (record as { entity?: unknown }).entity !== 'string'
    ) {
      throw badRequest(`run: records.${name} must be a record with an entity, got ${describe(record)}`);
    }
  }
  out.limits = checkLimits('run', 'limits', r.limits);
  if (r.returnRecords !== undefined && r.returnRecords !== null) {
    if (typeof r.returnRecords !== 'boolean') {
      throw badRequest(`run: returnRecords must be a boolean, got ${describe(r.returnRecords)}`);
    }
    if (r.returnRecords) out.returnRecords = true;
  }
  if (r.depth !== undefined && r.depth !== null) {
    if (!Number.isInteger(r.depth) || (r.depth as number) < 0 || (r.depth as number) > 1000) {
      throw badRequest(`run: depth must be an integer from 0 to 1000, got ${describe(r.depth)}`);
    }
    out.depth = r.depth as number;
  }
  if (r.grants !== undefined && r.grants !== null) out.grants = checkGrants(r.grants);
  if (r.delivery !== undefined && r.delivery !== null) {
    const d = r.delivery as { seq?: unknown; target?: unknown };
    if (!Number.isSafeInteger(d.seq) || typeof d.target !== 'string' || d.target === '') {
      throw badRequest(`run: delivery must be {seq: integer, target: string}, got ${describe(r.delivery)}`);
    }
    out.delivery = { seq: d.seq as number, target: d.target };
  }
  if (r.job !== undefined && r.job !== null) {
    const j = r.job as { id?: unknown; claim?: unknown };
    if (typeof j.id !== 'string' || typeof j.claim !== 'string' || !j.id || !j.claim) {
      throw badRequest(`run: job must be {id: string, claim: string}, got ${describe(r.job)}`);
    }
    out.job = { id: j.id, claim: j.claim };
  }
  return out;
}

const GRANT = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** A list of at most 32 privilege names (identifiers); the worker host decides what they mean. */
function checkGrants(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 32) {
    throw badRequest(`run: grants must be an array of at most 32 names, got ${describe(value)}`);
  }
  for (const g of value) {
    if (typeof g !== 'string' || !GRANT.test(g)) {
      throw badRequest(`run: grants must hold names of letters and digits, got ${describe(g)}`);
    }
  }
  return [...value];
}

function checkVariables(
  arg: string,
  value: unknown,
  names: Set<string>,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`run: ${arg} must be an object, got ${describe(value)}`);
  }
  for (const name of Object.keys(value)) {
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) {
      throw badRequest(`run: ${arg} key ${describe(name)} is not a usable variable name`);
    }
    if (names.has(name)) throw badRequest(`run: ${arg} key "${name}" is also given in params`);
    names.add(name);
  }
  return value as Record<string, unknown>;
}

/** The script's variable names, in the order of its function parameters. */
export function argNames(req: RunRequest): string[] {
  return [...Object.keys(req.params ?? {}), ...Object.keys(req.records ?? {})];
}

/**
 * The `runJson` handed to the bootstrap's `enter`. With `returnRecords`, it names the record
 * variables (in the order of their args) that `enter` answers back; a `saveBatch` above 0 has the
 * body's saves deferred, in batches of at most that many characters of arguments.
 */
export function runJson(req: RunRequest, saveBatch = 0): string {
  const args = [
    ...Object.values(req.params ?? {}).map((value) => ({ kind: 'value', value: value ?? null })),
    ...Object.values(req.records ?? {}).map((value) => ({ kind: 'record', value })),
  ];
  const run = { entity: req.entity ?? null, args, saveBatch };
  return JSON.stringify(req.returnRecords ? { ...run, returnRecords: Object.keys(req.records ?? {}) } : run);
}
