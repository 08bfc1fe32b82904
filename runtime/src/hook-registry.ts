import type { Store } from '@warden/store';
import { type AppSchema, badRequest, EVENT_TYPES, type EventType, type WardenEvent } from '@warden/sys-api';
import { checkRegistration, type HookPhase, type HookRegistration, type HookSpec } from './hook-spec.js';
import { matches, writeHookRows } from './hook-table.js';
import { type HostCalls, isBusyDatabase } from './host-calls.js';

/** A host listener: called after commit, in order; a throw or rejection is recorded, never raised. */
export type EventListener = (event: WardenEvent) => void | Promise<void>;

/** A hook as `runtime.hooks.list()` shows it. */
export interface HookInfo {
  name: string;
  event: EventType;
  entity: string | null;
  when: HookPhase;
  /** Runs for quiet writes too (`triggerEvents: false`, `mode: 'lite'`). */
  enforced: boolean;
  /** Declared in the app definition, or registered through `runtime.hooks.register()`. */
  origin: 'app' | 'host';
}

/** Options of `runtime.on`. */
export interface ListenerOptions {
  /** Called for events of quiet writes too (`triggerEvents: false`, `mode: 'lite'`); default false. */
  enforced?: boolean;
}

/** The parent's hooks and listeners; every change is written to `_warden_hooks` for the workers. */
export interface HookRegistry {
  register(reg: HookRegistration): () => void;
  list(): HookInfo[];
  on(type: EventType | '*', listener: EventListener, options?: ListenerOptions): () => void;
  /**
   * After-hooks of an event, in order (app hooks first, then registered ones); of a quiet write's
   * event (`quiet`), only the enforced ones. The same goes for `listeners`.
   */
  afterHooks(type: EventType, entity: string, quiet?: boolean): HookSpec[];
  listeners(type: EventType, quiet?: boolean): EventListener[];
  /** Resolves once the workers can see every change made so far (the rows are written). */
  settled(): Promise<void>;
}

/** How the registry writes its rows for the workers: through the parent's retrying caller. */
export interface HookRowWriter {
  calls: HostCalls;
  /** A write that failed for good (the database stayed busy); the rows follow at the next change. */
  onError(error: unknown): void;
}

/**
 * `changed` is called after every change, once the workers can see it. Rows are written under
 * `owner` (the runtime's name); a runtime that does not deliver events (`listens` false) accepts
 * no listener, since nothing would ever call it.
 */
export function createHookRegistry(
  db: Store['db'],
  schema: AppSchema,
  appHooks: HookSpec[],
  changed: (registry: HookRegistry) => void,
  owner: string,
  listens = true,
  writer?: HookRowWriter,
): HookRegistry {
  const hooks: (HookSpec & { origin: 'app' | 'host' })[] = appHooks.map((h) => ({ ...h, origin: 'app' }));
  const listeners: { type: EventType | '*'; fn: EventListener; enforced: boolean }[] = [];
  const rows = () => {
    const listened = new Map<EventType | '*', boolean>();
    for (const l of listeners) listened.set(l.type, (listened.get(l.type) ?? false) || l.enforced);
    writeHookRows(db, owner, hooks, listens ? listened : null);
  };
  let written: Promise<void> = Promise.resolve();
  let queued = false;
  let behind = false;
  // With a writer, rows that meet a busy database are written behind the change, never waiting on
  // the lock in the event loop; each write holds the whole current state, so changes made while
  // one waits share it.
  const save = () => {
    if (!writer) {
      rows();
      changed(registry);
      return;
    }
    if (queued) return;
    if (!behind) {
      // Most of the time the database is free: the change is visible when the call returns.
      try {
        rows();
        changed(registry);
        return;
      } catch (error) {
        if (!isBusyDatabase(error)) throw error;
      }
    }
    queued = true;
    behind = true;
    written = written.then(() => {
      queued = false;
      return writer.calls
        .call('hooks', rows)
        .then(() => changed(registry), writer.onError)
        .finally(() => {
          if (!queued) behind = false;
        });
    });
  };
  // A quiet write's events reach only enforced hooks and listeners.
  const heard = (l: (typeof listeners)[number], type: EventType, quiet: boolean) =>
    (l.type === type || l.type === '*') && (!quiet || l.enforced);
  const after = (type: EventType, entity: string, quiet: boolean) =>
    hooks.filter((h) => h.when === 'after' && matches(h, type, entity) && (!quiet || h.enforced));

  const registry: HookRegistry = {
    register(reg) {
      const spec = {
        ...checkRegistration(reg, schema, new Set(hooks.map((h) => h.name))),
        origin: 'host' as const,
      };
      hooks.push(spec);
      save();
      return () => {
        const at = hooks.indexOf(spec);
        if (at < 0) return;
        hooks.splice(at, 1);
        save();
      };
    },
    list: () =>
      hooks.map(({ name, event, entity, when, enforced, origin }) => ({
        name,
        event,
        entity,
        when,
        enforced,
        origin,
      })),
    on(type, fn, options) {
      if (type !== '*' && !EVENT_TYPES.includes(type)) {
        throw badRequest(
          `on: eventType must be '*' or one of ${EVENT_TYPES.join(', ')}; got '${String(type)}'`,
        );
      }
      if (typeof fn !== 'function') throw badRequest(`on: listener must be a function, got ${typeof fn}`);
      if (!listens) throw badRequest('on: this runtime does not deliver events (events.deliver is false)');
      const enforced = options?.enforced ?? false;
      if (typeof enforced !== 'boolean') {
        throw badRequest(`on: options.enforced must be true or false, got ${typeof enforced}`);
      }
      const entry = { type, fn, enforced };
      listeners.push(entry);
      save();
      return () => {
        const at = listeners.indexOf(entry);
        if (at < 0) return;
        listeners.splice(at, 1);
        save();
      };
    },
    settled: () => written,
    afterHooks: (type, entity, quiet = false) => after(type, entity, quiet),
    listeners: (type, quiet = false) => listeners.filter((l) => heard(l, type, quiet)).map((l) => l.fn),
  };
  save();
  return registry;
}
