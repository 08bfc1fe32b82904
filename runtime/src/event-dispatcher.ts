import type { RunOutcome, RunRequest } from '@warden/sandbox';
import type { AppSchema, WardenEvent, WireRecord } from '@warden/sys-api';
import { holderGone, isWardenError } from '@warden/sys-api';
import { retryWhileBusy } from './busy-retry.js';
import type { EventJournal, HookFailure, JournaledEvent } from './event-journal.js';
import { eventTargets, listenersTarget } from './event-targets.js';
import { depthError, hookError, hookFile } from './hook-error.js';
import { eventParam, hookRecord } from './hook-records.js';
import type { EventListener } from './hook-registry.js';
import type { HookRow } from './hook-table.js';
import { callListener } from './listener-call.js';

/** Where failures are logged besides the journal. */
export interface HookLogger {
  error(message: string): void;
}

/** How a runtime delivers events (`createRuntime({events})`, filled in by `resolveConfig`). */
export interface DeliverySettings {
  /** This runtime's name: the listeners it registers receive the events targeted at it. */
  name: string;
  /** How long a claim on an event holds before another runtime may take it over, ms. */
  leaseMs: number;
  /** How often the journal is read for events committed by other processes, or due again, ms. */
  pollMs: number;
  /** How long a listener may take before it counts as failed, ms. */
  listenerTimeoutMs: number;
  /** The first pause after a worker died during an after-hook, ms; doubles on each attempt. */
  retryBaseMs: number;
  /** Attempts before an after-hook whose worker keeps dying is recorded as failed. */
  maxAttempts: number;
}

export interface DispatcherOptions {
  journal: EventJournal;
  settings: DeliverySettings;
  /** This process's claim token: unique per runtime instance. */
  instance: string;
  /** The hook rows of every runtime on the database (after-hook sources are looked up here). */
  hookRows(): readonly HookRow[];
  /** This runtime's listeners of an event type (of a quiet write's event: the enforced ones). */
  listeners(type: WardenEvent['type'], quiet: boolean): EventListener[];
  schema: AppSchema;
  /** Runs an after-hook on the executor. */
  run(req: RunRequest): Promise<RunOutcome>;
  maxDepth: number;
  logger: HookLogger;
  /** True while the journal's connection is inside a transaction: wait, its events may not commit. */
  busy(): boolean;
}

/** Delivers committed events to after-hooks and host listeners, one event at a time. */
export interface EventDispatcher {
  /** There may be new events: start draining unless a drain is under way (it will see them). */
  kick(): void;
  /** Resolves once no event this runtime can deliver now is pending. */
  drain(): Promise<void>;
  /** Drains, then ignores every later kick (the runtime is closing). */
  close(): Promise<void>;
}

/** A run that never reached the script: its worker died, or could not start. Not the hook's fault. */
export const workerLost = (outcome: RunOutcome) =>
  !outcome.ok &&
  outcome.error.code === 'systemException' &&
  /worker process (exited|failed to start)|executor closed/.test(outcome.error.message);

/**
 * Drains the journal serially in commit order. Each event is claimed first (so a second runtime on
 * the database never delivers it too); then each after-hook target runs as a run of its own, one
 * level deeper, whose transaction also records the delivery (so a hook's effects happen once, even
 * across crashes); then this runtime's listeners (at least once across crashes). An event is
 * removed once every target is settled, or kept as `failed` with every failure, which is logged.
 * Bookkeeping that meets a busy database is retried, never the delivery.
 */
export function createEventDispatcher(o: DispatcherOptions): EventDispatcher {
  const { settings: s, journal, instance: me } = o;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  const write = <T>(fn: () => T) => retryWhileBusy(fn);
  // Claims of runtimes whose process is certainly gone (same machine) are free at once.
  let gone: string[] = [];

  const loop = async () => {
    try {
      while (o.busy()) await new Promise((r) => setTimeout(r, 10));
      do {
        again = false;
        let after = 0;
        gone = journal.holders(me).filter(holderGone);
        for (let batch = journal.pending(after, 100, Date.now(), me, gone); batch.length > 0; ) {
          for (const item of batch) {
            after = item.seq;
            await deliver(item);
          }
          batch = journal.pending(after, 100, Date.now(), me, gone);
        }
      } while (again);
    } catch (error) {
      // The journal itself failed (a closed database, a full disk): the events stay for the next pass.
      o.logger.error(
        `warden: event dispatch paused: ${isWardenError(error) ? error.message : String(error)}`,
      );
    }
  };

  const deliver = async (item: JournaledEvent) => {
    const { seq, event, depth } = item;
    const rows = o.hookRows();
    const targets = item.targets ?? eventTargets(rows, event, item.quiet);
    const mine = listenersTarget(s.name);
    let settled = journal.settled(seq);
    const open = targets.filter((t) => !settled.has(t) && (t.startsWith('hook:') || t === mine));
    if (open.length === 0 && targets.some((t) => !settled.has(t))) return; // another runtime's listeners
    if (!(await write(() => journal.claim(seq, me, Date.now() + s.leaseMs, Date.now(), gone)))) return;
    const renewal = setInterval(
      () => void write(() => journal.renew(me, Date.now() + s.leaseMs)).catch(() => {}),
      s.leaseMs / 3,
    );
    renewal.unref();
    try {
      settled = journal.settled(seq); // what another runtime settled before our claim
      const failure = (
        hook: string,
        error: { code: string; message: string; line?: number },
      ): HookFailure => ({
        hook,
        event: event.type,
        entity: event.entity,
        recordId: event.recordId,
        seq,
        code: error.code,
        message: error.message,
        ...(error.line ? { line: error.line } : {}),
        time: Date.now(),
      });
      const logged: HookFailure[] = [];
      const settle = async (target: string, failures: HookFailure[] | null) => {
        await write(() => journal.record(seq, target, failures));
        settled.set(target, failures);
        if (failures) logged.push(...failures);
      };
      for (const target of targets) {
        if (settled.has(target) || !target.startsWith('hook:')) continue;
        const name = target.slice('hook:'.length);
        const hook = rows.find((r) => r.phase === 'after' && r.name === name);
        if (!hook) {
          await settle(target, null); // removed since: nobody to deliver to
          continue;
        }
        if (depth + 1 > o.maxDepth) {
          await settle(target, [failure(name, depthError(name, o.maxDepth))]);
          continue;
        }
        const outcome = await o.run({
          ...hookRun(o.schema, hook, event, depth + 1),
          delivery: { seq, target },
        });
        if (outcome.ok)
          settled.set(target, null); // recorded by the hook's own transaction
        else if (!workerLost(outcome)) await settle(target, [failure(name, hookError(name, outcome.error))]);
        else if (item.attempts + 1 >= s.maxAttempts) {
          const message = `hook '${name}' could not run after ${item.attempts + 1} attempts: ${outcome.error.message}`;
          await settle(target, [failure(name, { code: 'systemException', message })]);
        } else {
          const pause = s.retryBaseMs * 2 ** item.attempts;
          o.logger.error(`warden: ${name} on ${event.type} #${seq}: ${outcome.error.message}; retrying`);
          await write(() =>
            journal.release(seq, me, { attempts: item.attempts + 1, nextAttemptAt: Date.now() + pause }),
          );
          setTimeout(kick, pause + 1).unref();
          return;
        }
      }
      if (targets.includes(mine) && !settled.has(mine)) {
        const failures: HookFailure[] = [];
        for (const listener of o.listeners(event.type, item.quiet)) {
          const result = await callListener(listener, event, s.listenerTimeoutMs);
          if (result) failures.push(failure(`listener:${listener.name || 'anonymous'}`, result));
        }
        await settle(mine, failures.length ? failures : null);
      }
      for (const f of logged) o.logger.error(`warden: ${f.hook} failed on ${f.event} #${seq}: ${f.message}`);
      if (targets.every((t) => settled.has(t))) await write(() => journal.finish(seq));
      else await write(() => journal.release(seq, me));
    } finally {
      clearInterval(renewal);
    }
  };

  const kick = () => {
    if (closed) return;
    if (running) again = true;
    // Cleared in a later microtask, so never before it was set, even when the loop had nothing to do.
    else
      running = loop().finally(() => {
        running = null;
      });
  };
  const poll = setInterval(kick, s.pollMs);
  poll.unref();
  const drain = async () => {
    kick();
    while (running) await running;
  };
  return {
    kick,
    drain,
    async close() {
      await drain();
      closed = true;
      clearInterval(poll);
    },
  };
}

/** The run of an after-hook: `event`, `record` and `oldRecord`, in the event's entity. */
function hookRun(schema: AppSchema, hook: HookRow, event: WardenEvent, depth: number): RunRequest {
  const entity = schema.entities[event.entity];
  const params: Record<string, unknown> = { event: eventParam(event) };
  const records: Record<string, WireRecord> = {};
  for (const name of ['record', 'oldRecord'] as const) {
    const r = event[name];
    if (r && entity) records[name] = hookRecord(entity, event.entity, r);
    else params[name] = null;
  }
  // A UI message belongs to no entity: its hook runs with no context entity.
  const on = entity ? { entity: event.entity } : {};
  return { source: hook.source, filename: hookFile(hook.name), ...on, params, records, depth };
}
