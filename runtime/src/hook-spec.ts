import { type AppSchema, EVENT_TYPES, type EventType, type FieldError, WardenError } from '@warden/sys-api';
import { readHookScript } from './hook-script-file.js';

/** When a hook runs: inside the triggering run's transaction, or after its commit as a run of its own. */
export type HookPhase = 'before' | 'after';

/** A hook as the runtime keeps it: its script is always source text by now. */
export interface HookSpec {
  name: string;
  event: EventType;
  /** Only events of this entity; null for every entity. */
  entity: string | null;
  when: HookPhase;
  source: string;
  /** Runs for quiet writes too (`triggerEvents: false`, `mode: 'lite'`). */
  enforced: boolean;
}

/** What `runtime.hooks.register()` takes. */
export interface HookRegistration {
  /** Unique among the runtime's hooks; shown in errors as `<name>.js`. */
  name: string;
  event: EventType;
  entity?: string;
  when: HookPhase;
  /** The script body; it sees `event`, `record` and `oldRecord`. */
  source: string;
  /**
   * Runs whatever the triggering write's options say: a quiet write (`triggerEvents: false`,
   * `mode: 'lite'`) skips only hooks that are not enforced. Default false (Slingr's behaviour).
   */
  enforced?: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const KEYS = new Set(['name', 'event', 'entity', 'when', 'script', 'source', 'enforced']);

/**
 * Checks the `hooks` of an app definition and reads their script files (confined to `baseDir`,
 * see `readHookScript`).
 * Every problem is reported at once, each with its path (`hooks[2].event`).
 */
export function loadAppHooks(raw: unknown[], schema: AppSchema, baseDir: string): HookSpec[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const hooks: HookSpec[] = [];
  raw.forEach((item, i) => {
    const spec = checkHook(`hooks[${i}]`, item, schema, names, errors, baseDir);
    if (spec) hooks.push(spec);
  });
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw invalid(`createRuntime: invalid hooks: ${summary}`, errors);
  }
  return hooks;
}

/** Checks one hook given through the host API; `taken` are the names in use. */
export function checkRegistration(reg: unknown, schema: AppSchema, taken: Set<string>): HookSpec {
  const errors: FieldError[] = [];
  const spec = checkHook('hook', reg, schema, taken, errors, null);
  if (!spec) {
    throw invalid(`hooks.register: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
  }
  return spec;
}

function checkHook(
  path: string,
  item: unknown,
  schema: AppSchema,
  names: Set<string>,
  errors: FieldError[],
  baseDir: string | null,
): HookSpec | null {
  const before = errors.length;
  const add = (key: string, code: string, message: string) =>
    errors.push({ field: key ? `${path}.${key}` : path, code, message });
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    add('', 'type', 'must be an object');
    return null;
  }
  const h = item as Record<string, unknown>;
  for (const key of Object.keys(h)) if (!KEYS.has(key)) add(key, 'unknown', 'is not a hook property');
  if (typeof h.name !== 'string' || !NAME.test(h.name)) {
    add('name', 'invalid', 'must be a name of letters, digits, _ and - (at most 64), starting with a letter');
  } else if (names.has(h.name)) add('name', 'duplicate', `'${h.name}' is already the name of another hook`);
  else names.add(h.name);
  if (!EVENT_TYPES.includes(h.event as EventType)) {
    add('event', 'invalid', `must be one of ${EVENT_TYPES.join(', ')}; got ${show(h.event)}`);
  }
  if (h.when !== 'before' && h.when !== 'after')
    add('when', 'invalid', `must be 'before' or 'after'; got ${show(h.when)}`);
  if (h.entity !== undefined && h.entity !== null) {
    if (typeof h.entity !== 'string' || !schema.entities[h.entity]) {
      add('entity', 'notFound', `no entity named ${show(h.entity)}`);
    } else if (String(h.event).startsWith('user.') && h.entity !== 'sys.users') {
      add('entity', 'invalid', `user events are events of 'sys.users', not of '${h.entity}'`);
    }
  }
  if (h.enforced !== undefined && typeof h.enforced !== 'boolean') {
    add('enforced', 'type', `must be true or false; got ${show(h.enforced)}`);
  }
  const source = sourceOf(h, baseDir, add);
  if (errors.length > before || source === null) return null;
  return {
    name: h.name as string,
    event: h.event as EventType,
    entity: (h.entity as string | undefined) ?? null,
    when: h.when as HookPhase,
    source,
    enforced: h.enforced === true,
  };
}

/** Exactly one of `script` (a file, app definitions only) and `source`. */
function sourceOf(
  h: Record<string, unknown>,
  baseDir: string | null,
  add: (key: string, code: string, message: string) => void,
): string | null {
  const hasScript = h.script !== undefined;
  if (hasScript === (h.source !== undefined)) {
    add('', 'invalid', baseDir === null ? 'needs a source' : 'needs exactly one of script and source');
    return null;
  }
  if (!hasScript) {
    if (typeof h.source === 'string') return h.source;
    add('source', 'type', `must be a string; got ${show(h.source)}`);
    return null;
  }
  if (baseDir === null) {
    add('script', 'invalid', 'is only for app definitions; give the source');
    return null;
  }
  if (typeof h.script !== 'string' || h.script === '') {
    add('script', 'type', `must be a relative file path; got ${show(h.script)}`);
    return null;
  }
  const file = readHookScript(
    baseDir,
    h.script,
    typeof h.name === 'string' && NAME.test(h.name) ? h.name : '',
  );
  if ('source' in file) return file.source;
  add('script', file.code, file.message);
  return null;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (value === undefined) return 'nothing';
  return value === null ? 'null' : typeof value;
}

/** A badRequest carrying every problem in `errors`. */
const invalid = (message: string, errors: FieldError[]) => new WardenError('badRequest', message, { errors });
