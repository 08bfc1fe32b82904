import type { FieldError } from '@warden/sys-api';
import { WardenError } from '@warden/sys-api';
import { Cron } from 'croner';
import type { ActionSpec } from './action-spec.js';
import { readConfinedScript } from './script-file.js';

/**
 * A schedule of the app definition: a cron expression (five fields, or six with seconds) that
 * fires a job per tick, running a global action or a script of its own. `missed` says what a
 * runtime that was down (or slow) does with ticks it did not fire in time: `skip` them, or
 * `runOnce` for all of them. Either way it never fires a job per missed tick.
 */
export interface ScheduleSpec {
  name: string;
  cron: string;
  timezone: string | null;
  /** A global action to run, or null when the schedule has its own source. */
  action: string | null;
  params: Record<string, unknown>;
  source: string | null;
  missed: 'skip' | 'runOnce';
  maxAttempts: number;
  backoffMs: number;
  /** The parsed expression: `nextRun(date)`, `previousRuns(n, date)`. */
  readonly pattern: Cron;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const KEYS = new Set([
  'name',
  'cron',
  'timezone',
  'action',
  'params',
  'script',
  'source',
  'missed',
  'retries',
  'backoffMs',
]);

/** Checks `schedules` of an app definition (every problem at once, by path). */
export function loadSchedules(
  raw: unknown,
  actions: readonly ActionSpec[],
  baseDir: string | null,
): ScheduleSpec[] {
  const out: ScheduleSpec[] = [];
  if (raw === undefined) return out;
  const errors: FieldError[] = [];
  if (!Array.isArray(raw)) errors.push({ field: 'schedules', code: 'type', message: 'must be an array' });
  const names = new Set<string>();
  (Array.isArray(raw) ? raw : []).forEach((item, i) => {
    const path = `schedules[${i}]`;
    const add = (key: string, code: string, message: string) =>
      errors.push({ field: key ? `${path}.${key}` : path, code, message });
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      add('', 'type', 'must be an object');
      return;
    }
    const s = item as Record<string, unknown>;
    const before = errors.length;
    for (const key of Object.keys(s)) if (!KEYS.has(key)) add(key, 'unknown', 'is not a schedule property');
    if (typeof s.name !== 'string' || !NAME.test(s.name))
      add('name', 'invalid', 'must be a name of letters, digits, _ and -');
    else if (names.has(s.name)) add('name', 'duplicate', `'${s.name}' is declared twice`);
    else names.add(s.name);
    if (s.timezone !== undefined && typeof s.timezone !== 'string')
      add('timezone', 'type', 'must be a time zone name');
    let pattern: Cron | null = null;
    if (typeof s.cron !== 'string') add('cron', 'type', 'must be a cron expression');
    else
      try {
        pattern = new Cron(s.cron, {
          paused: true,
          ...(typeof s.timezone === 'string' ? { timezone: s.timezone } : {}),
        });
        pattern.nextRun(); // an unknown time zone fails here
      } catch (error) {
        add('cron', 'invalid', `is not a valid cron expression: ${(error as Error).message}`);
      }
    if (s.missed !== undefined && s.missed !== 'skip' && s.missed !== 'runOnce')
      add('missed', 'invalid', "must be 'skip' or 'runOnce'");
    if (s.params !== undefined && (!s.params || typeof s.params !== 'object' || Array.isArray(s.params)))
      add('params', 'type', 'must be an object');
    if (
      s.retries !== undefined &&
      !(Number.isInteger(s.retries) && (s.retries as number) >= 0 && (s.retries as number) <= 20)
    )
      add('retries', 'invalid', 'must be an integer from 0 to 20');
    const given = ['action', 'script', 'source'].filter((k) => s[k] !== undefined);
    let source: string | null = null;
    if (given.length !== 1) add('', 'invalid', 'needs exactly one of action, script and source');
    else if (s.action !== undefined) {
      if (typeof s.action !== 'string' || !actions.some((a) => a.entity === null && a.name === s.action))
        add(
          'action',
          'notFound',
          `no global action named ${typeof s.action === 'string' ? `'${s.action}'` : typeof s.action}`,
        );
    } else if (s.source !== undefined) {
      if (typeof s.source === 'string') source = s.source;
      else add('source', 'type', 'must be a string');
    } else if (typeof s.script !== 'string' || baseDir === null)
      add('script', 'invalid', 'must be a relative file path');
    else {
      const read = readConfinedScript(baseDir, s.script);
      if ('problem' in read) add('script', 'invalid', read.problem);
      else source = read.source;
    }
    if (errors.length > before || !pattern) return;
    out.push({
      name: s.name as string,
      cron: s.cron as string,
      timezone: (s.timezone as string | undefined) ?? null,
      action: (s.action as string | undefined) ?? null,
      params: (s.params as Record<string, unknown> | undefined) ?? {},
      source,
      missed: (s.missed as 'skip' | 'runOnce' | undefined) ?? 'skip',
      maxAttempts: ((s.retries as number | undefined) ?? 0) + 1,
      backoffMs: (s.backoffMs as number | undefined) ?? 1000,
      pattern,
    });
  });
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `createRuntime: invalid schedules: ${summary}`, { errors });
  }
  return out;
}
