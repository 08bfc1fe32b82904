import type { Store } from '@warden/store';
import { type AppSchema, badRequest, EVENT_TYPES, type EventType, type WardenEvent } from '@warden/sys-api';
import { checkRegistration, type HookPhase, type HookRegistration, type HookSpec } from './hook-spec.js';
import { matches, writeHookRows } from './hook-table.js';

/** A host listener: called after commit, in order; a throw or rejection is recorded, never raised. */
export type EventListener = (event: WardenEvent) => void | Promise<void>;

/** A hook as `runtime.hooks.list()` shows it. */
export interface HookInfo {
  name: string;
  event: EventType;
  entity: string | null;
  when: HookPhase;
  /** Declared in the app definition, or registered through `runtime.hooks.register()`. */
  origin: 'app' | 'host';
}

/** The parent's hooks and listeners; every change is written to `_warden_hooks` for the workers. */
export interface HookRegistry {
  register(reg: HookRegistration): () => void;
  list(): HookInfo[];
  on(type: EventType | '*', listener: EventListener): () => void;
  /** After-hooks of an event, in order (app hooks first, then registered ones). */
  afterHooks(type: EventType, entity: string): HookSpec[];
  listeners(type: EventType): EventListener[];
  /** True when some after-hook or listener waits for this event: only then is it journaled. */
  wants(type: EventType, entity: string): boolean;
  /** What the parent listens for: after-hooks and listeners, as `{event, entity}`. */
  subscriptions(): { event: EventType | '*'; entity: string | null }[];
}

/** `changed` is called after every change, once the workers can see it. */
export function createHookRegistry(
  db: Store['db'],
  schema: AppSchema,
  appHooks: HookSpec[],
  changed: (registry: HookRegistry) => void,
): HookRegistry {
  const hooks: (HookSpec & { origin: 'app' | 'host' })[] = appHooks.map((h) => ({ ...h, origin: 'app' }));
  const listeners: { type: EventType | '*'; fn: EventListener }[] = [];
  const save = () => {
    writeHookRows(db, hooks, new Set(listeners.map((l) => l.type)));
    changed(registry);
  };

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
    list: () => hooks.map(({ name, event, entity, when, origin }) => ({ name, event, entity, when, origin })),
    on(type, fn) {
      if (type !== '*' && !EVENT_TYPES.includes(type)) {
        throw badRequest(
          `on: eventType must be '*' or one of ${EVENT_TYPES.join(', ')}; got '${String(type)}'`,
        );
      }
      if (typeof fn !== 'function') throw badRequest(`on: listener must be a function, got ${typeof fn}`);
      const entry = { type, fn };
      listeners.push(entry);
      save();
      return () => {
        const at = listeners.indexOf(entry);
        if (at < 0) return;
        listeners.splice(at, 1);
        save();
      };
    },
    afterHooks: (type, entity) => hooks.filter((h) => h.when === 'after' && matches(h, type, entity)),
    listeners: (type) => listeners.filter((l) => l.type === type || l.type === '*').map((l) => l.fn),
    wants: (type, entity) =>
      listeners.some((l) => l.type === type || l.type === '*') ||
      hooks.some((h) => h.when === 'after' && matches(h, type, entity)),
    subscriptions: () => [
      ...hooks.filter((h) => h.when === 'after'),
      ...listeners.map((l) => ({ event: l.type, entity: null })),
    ],
  };
  save();
  return registry;
}
