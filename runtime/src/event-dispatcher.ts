import type { RunOutcome, RunRequest } from '@warden/sandbox';
import type { AppSchema, WardenEvent, WireRecord } from '@warden/sys-api';
import { isWardenError } from '@warden/sys-api';
import type { EventJournal, HookFailure, JournaledEvent } from './event-journal.js';
import { depthError, hookError, hookFile } from './hook-error.js';
import { eventParam, hookRecord } from './hook-records.js';
import type { HookRegistry } from './hook-registry.js';
import type { HookSpec } from './hook-spec.js';

/** Where failures are logged besides the journal. */
export interface HookLogger {
  error(message: string): void;
}

export interface DispatcherOptions {
  journal: EventJournal;
  registry: HookRegistry;
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
  /** Resolves once the journal holds no pending event. */
  drain(): Promise<void>;
  /** Drains, then ignores every later kick (the runtime is closing). */
  close(): Promise<void>;
}

/**
 * Drains the journal serially in commit order. For each event: its after-hooks, each as a run of
 * its own one level deeper, then the host listeners; then the event is deleted, or kept as
 * `failed` with every failure, which is also logged. Events an after-hook causes are journaled
 * by its run and drained in turn. Delivery is at least once: a crash after a hook's run commits
 * but before its event is deleted runs the hook again at the next start.
 */
export function createEventDispatcher(o: DispatcherOptions): EventDispatcher {
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const loop = async () => {
    try {
      while (o.busy()) await new Promise((r) => setTimeout(r, 10));
      do {
        again = false;
        for (let batch = o.journal.pending(100); batch.length > 0; batch = o.journal.pending(100)) {
          for (const item of batch) await deliver(item);
        }
      } while (again);
    } catch (error) {
      // The journal itself failed (a busy or closed database): the events stay for the next drain.
      o.logger.error(
        `warden: event dispatch stopped: ${isWardenError(error) ? error.message : String(error)}`,
      );
    }
  };

  const deliver = async ({ seq, event, depth, quiet }: JournaledEvent) => {
    const failures: HookFailure[] = [];
    const failed = (hook: string, error: { code: string; message: string; line?: number }) =>
      failures.push({
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
    for (const hook of o.registry.afterHooks(event.type, event.entity, quiet)) {
      if (depth + 1 > o.maxDepth) {
        failed(hook.name, depthError(hook.name, o.maxDepth));
        continue;
      }
      const outcome = await o.run(hookRun(o.schema, hook, event, depth + 1));
      if (!outcome.ok) failed(hook.name, hookError(hook.name, outcome.error));
    }
    for (const listener of o.registry.listeners(event.type, quiet)) {
      try {
        await listener(structuredClone(event));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = isWardenError(error) ? error.code : 'unknownError';
        failed(`listener:${listener.name || 'anonymous'}`, { code, message: `listener failed: ${message}` });
      }
    }
    if (failures.length === 0) return o.journal.remove(seq);
    o.journal.fail(seq, failures);
    for (const f of failures) o.logger.error(`warden: ${f.hook} failed on ${f.event} #${seq}: ${f.message}`);
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
    },
  };
}

/** The run of an after-hook: `event`, `record` and `oldRecord`, in the event's entity. */
function hookRun(schema: AppSchema, hook: HookSpec, event: WardenEvent, depth: number): RunRequest {
  const entity = schema.entities[event.entity];
  const params: Record<string, unknown> = { event: eventParam(event) };
  const records: Record<string, WireRecord> = {};
  for (const name of ['record', 'oldRecord'] as const) {
    const r = event[name];
    if (r && entity) records[name] = hookRecord(entity, event.entity, r);
    else params[name] = null;
  }
  return { source: hook.source, filename: hookFile(hook.name), entity: event.entity, params, records, depth };
}
