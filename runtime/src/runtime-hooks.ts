import type { RunOutcome, RunRequest } from '@warden/sandbox';
import type { Store } from '@warden/store';
import type { EventSink, EventType } from '@warden/sys-api';
import { processHolder } from '@warden/sys-api';
import { createEventDispatcher, type DeliverySettings, type HookLogger } from './event-dispatcher.js';
import { createEventJournal, type HookFailure } from './event-journal.js';
import { recordEntities, watchEvents } from './event-source.js';
import { eventTargets } from './event-targets.js';
import {
  createHookRegistry,
  type EventListener,
  type HookInfo,
  type ListenerOptions,
} from './hook-registry.js';
import type { HookRegistration, HookSpec } from './hook-spec.js';
import { cachedHookRows, ensureHookTables } from './hook-table.js';
import type { HostCalls } from './host-calls.js';

/** `runtime.hooks`: hooks registered from the host, and the state of after-hook delivery. */
export interface RuntimeHooks {
  /**
   * Adds a hook, as if it were declared in the app definition; running workers pick it up at
   * their next run. Returns the function that removes it again.
   */
  register(hook: HookRegistration): () => void;
  /** Every hook, app hooks first, in the order they run. */
  list(): HookInfo[];
  /** Failures of after-hooks and listeners kept in the journal, oldest first. */
  failures(): HookFailure[];
  /** Forgets the recorded failures; resolves to how many failed events were dropped. */
  clearFailures(): Promise<number>;
  /**
   * Resolves once every committed event this runtime can deliver now has been delivered (or has
   * failed); events waiting for a retry, or for another runtime's listeners, stay in the journal.
   */
  drain(): Promise<void>;
}

/** The parent's side of events: registry, journal and dispatcher, and its own event sources. */
export interface ParentEvents {
  hooks: RuntimeHooks;
  on(type: EventType | '*', listener: EventListener, options?: ListenerOptions): () => void;
  /** For the parent's `createUsers({onEvent})`; host-side changes raise events too. */
  onEvent: EventSink;
  kick(): void;
  /** Resolves once hooks and listeners registered so far are visible to the workers. */
  settled(): Promise<void>;
  /** Delivers what is committed, then stops delivering. */
  close(): Promise<void>;
}

export interface ParentEventsOptions {
  store: Store;
  appHooks: HookSpec[];
  maxDepth: number;
  logger: HookLogger;
  run(req: RunRequest): Promise<RunOutcome>;
  /** Whether this runtime delivers events (false: it only journals them for the others). */
  deliver: boolean;
  settings: DeliverySettings;
  /** The parent's database calls: never a synchronous wait on the write lock. */
  calls: HostCalls;
}

/**
 * Wires the parent's events. Changes made by the host itself (`runtime.store`, `runtime.users`,
 * sign-ins) are journaled for after-hooks and listeners; before-hooks run only in script runs,
 * where an isolate can run them inside the triggering call.
 */
export function createParentEvents(o: ParentEventsOptions): ParentEvents {
  ensureHookTables(o.store.db);
  const journal = createEventJournal(o.store.db);
  // Every runtime's hooks and subscribers: an event is journaled for all of them, not just ours.
  const hookRows = cachedHookRows(o.store.db);
  let scheduled = false;
  const events = watchEvents(o.store, {
    before() {},
    after(event, quiet) {
      const targets = eventTargets(hookRows(), event, quiet);
      if (targets.length === 0) return;
      journal.append(event, 0, targets, quiet);
      // Delivered once the host's transaction is over; a rolled-back one leaves nothing to deliver.
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        dispatcher?.kick();
      });
    },
  });
  const watch = () => events.watch(recordEntities(hookRows(), o.store));
  const registry = createHookRegistry(
    o.store.db,
    o.store.schema,
    o.appHooks,
    watch,
    o.settings.name,
    o.deliver,
    {
      calls: o.calls,
      onError: (error) =>
        o.logger.error(`warden: hooks could not be saved for the workers: ${(error as Error).message}`),
    },
  );
  const dispatcher = o.deliver
    ? createEventDispatcher({
        journal,
        settings: o.settings,
        instance: processHolder(),
        hookRows,
        listeners: (type, quiet) => registry.listeners(type, quiet),
        schema: o.store.schema,
        run: o.run,
        maxDepth: o.maxDepth,
        logger: o.logger,
        busy: () => o.store.inTransaction,
      })
    : null;
  // Other runtimes may subscribe later: the entities watched here follow the table.
  const rewatch = setInterval(watch, o.settings.pollMs);
  rewatch.unref();
  return {
    onEvent: events.onEvent,
    on: (type, listener, options) => registry.on(type, listener, options),
    kick: () => dispatcher?.kick(),
    settled: () => registry.settled(),
    close: async () => {
      clearInterval(rewatch);
      await dispatcher?.close();
    },
    hooks: {
      register: (hook) => registry.register(hook),
      list: () => registry.list(),
      failures: () => journal.failures(),
      clearFailures: () => o.calls.call('hooks.clearFailures', () => journal.clearFailures()),
      drain: async () => {
        await dispatcher?.drain();
      },
    },
  };
}
