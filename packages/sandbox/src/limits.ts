import { badRequest } from '@warden/sys-api';

/** Hard limits of one run. Every run gets the executor's defaults, each overridable per run. */
export interface Limits {
  /** Wall-clock time of the whole run, host calls included (ms). */
  wallMs: number;
  /** CPU time spent inside the isolate (ms). */
  cpuMs: number;
  /** Heap limit of the isolate (MB, at least 8). */
  memoryMb: number;
  /** Calls into the host (`sys.*` and `log()`) per run. */
  maxHostCalls: number;
  /** Size of the JSON arguments of one host call (bytes). */
  maxArgBytes: number;
  /** Size of the JSON result of one host call, and of the run's return value (bytes). */
  maxResultBytes: number;
  /** Total size of the run's log messages (bytes). */
  maxLogBytes: number;
  /** Result sets a run may hold open on the host at once (`sys.data.find`, `aggregate`). */
  maxOpenCursors: number;
  /**
   * Bytes the host may hold for the run between its calls (rows and positions of open result
   * sets), outside the isolate's `memoryMb`.
   */
  maxHostBytes: number;
}

/** The defaults of every limit. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  wallMs: 30_000,
  cpuMs: 30_000,
  memoryMb: 64,
  maxHostCalls: 1_000_000,
  maxArgBytes: 1024 * 1024,
  maxResultBytes: 8 * 1024 * 1024,
  maxLogBytes: 1024 * 1024,
  maxOpenCursors: 64,
  maxHostBytes: 32 * 1024 * 1024,
});

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/**
 * Checks a partial set of limits given to `fn` (as `arg`) and returns it. Unknown keys and values that
 * are not positive finite numbers are bad requests; `undefined` values are ignored.
 */
export function checkLimits(fn: string, arg: string, limits: unknown): Partial<Limits> {
  if (limits === undefined || limits === null) return {};
  if (typeof limits !== 'object' || Array.isArray(limits)) {
    throw badRequest(`${fn}: ${arg} must be an object, got ${describe(limits)}`);
  }
  const out: Partial<Limits> = {};
  for (const [key, value] of Object.entries(limits)) {
    if (value === undefined) continue;
    if (!LIMIT_NAMES.includes(key as keyof Limits)) {
      throw badRequest(`${fn}: ${arg}.${key} is not a limit (known: ${LIMIT_NAMES.join(', ')})`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw badRequest(`${fn}: ${arg}.${key} must be a positive number, got ${describe(value)}`);
    }
    if (key === 'memoryMb' && value < 8) {
      throw badRequest(`${fn}: ${arg}.memoryMb must be at least 8, got ${value}`);
    }
    out[key as keyof Limits] = value;
  }
  return out;
}

/** Fills `overrides` from `defaults`. Both must have been checked. */
export function resolveLimits(defaults: Limits, overrides: Partial<Limits> = {}): Limits {
  return { ...defaults, ...overrides };
}

/** A short, safe description of a bad value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}
