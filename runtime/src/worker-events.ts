import type { RunHost, WorkerTools } from '@warden/sandbox';
import type { Store } from '@warden/store';
import type { ContextFrame, EventSink, RecordData, WardenEvent, WireRecord } from '@warden/sys-api';
import { WardenError } from '@warden/sys-api';
import { hookFrames } from './context-frames.js';
import { createEventJournal } from './event-journal.js';
import { recordEntities, watchEvents } from './event-source.js';
import { eventTargets } from './event-targets.js';
import { depthError, hookError, hookFile } from './hook-error.js';
import { applyHookEdits, eventParam, hookRecord } from './hook-records.js';
import { ensureHookTables, type HookRow, hookRowsReader, matches } from './hook-table.js';

/** What a run's events came to, when it finishes. */
export interface RunEvents {
  /** Events journaled for after-hooks and listeners (they exist only if the run commits). */
  events: number;
  /** The first before-hook failure: the run must roll back and fail with it. */
  vetoed: WardenError | null;
}

/** A run's side of the worker host, which before-hooks nest in. */
export interface RunScope {
  /** Serves the sys calls of the run or nested hook this scope belongs to. */
  readonly host: RunHost;
  /**
   * Opens the scope of a before-hook nested in this one: state of its own (user, cursors, record
   * locks), starting as the user this scope acts as now, in this scope's contexts and `frames`
   * (the hook's event and name). `end` releases it when the hook is over.
   */
  nest(frames: ContextFrame[]): RunScope & { end(): void };
}

/** The events of one worker: before-hooks run nested in the triggering call, the rest journaled. */
export interface WorkerEvents {
  /** For `createUsers({onEvent})`. */
  readonly onEvent: EventSink;
  /** A run starts: its events are tracked until `end`. */
  begin(scope: RunScope, depth: number): void;
  /**
   * Reloads the hooks if they changed (one SELECT). Called when a run opens its transaction, before
   * its first read or write: a run that never touches the database never reads the hook table, and
   * one that does sees the hooks of the snapshot it works on.
   */
  refresh(): void;
  end(): RunEvents;
  /**
   * Runs `fn` as a host-side change between runs, in a transaction the caller opened: after-hooks
   * and listeners only, as for changes made in the parent. Returns how many events it journaled.
   */
  outsideRun(fn: () => void): number;
  /**
   * Journals an event of the current run that no store write raised (`ui.message`) for the after-
   * hooks and listeners that wait for it; released with the run's commit like the others.
   */
  emit(event: WardenEvent): void;

  /**
   * Runs `fn` in the scope of a script nested in the calling one (an action a script runs): a
   * state of its own, starting as the calling scope's user, one level deeper (the hook depth limit
   * counts it); `name` is what the depth error names.
   */
  nested<T>(name: string, fn: (host: RunHost) => T): T;
}

interface Run {
  /**
   * The run's scope, then that of each before-hook nested right now: the last one is calling.
   * Empty for a host-side change (`outsideRun`), which runs no before-hooks.
   */
  scopes: RunScope[];
  depth: number;
  /** Before-hooks nested right now. */
  level: number;
  events: number;
  vetoed: WardenError | null;
}

/**
 * The worker's events over `store`. Record interceptors are installed at `refresh` for the
 * entities the current hooks and subscribers need.
 */
export function createWorkerEvents(
  store: Store,
  tools: WorkerTools | undefined,
  maxDepth: number,
): WorkerEvents {
  ensureHookTables(store.db);
  const journal = createEventJournal(store.db);
  const readHookRows = hookRowsReader(store.db);
  let version = -1;
  let before: HookRow[] = [];
  let rows: HookRow[] = [];
  let run: Run | null = null;

  const veto = (r: Run, error: WardenError) => {
    r.vetoed ??= error;
    return r.vetoed;
  };

  const runBefore = (r: Run, hook: HookRow, event: WardenEvent, pending?: RecordData) => {
    if (r.depth + r.level + 1 > maxDepth) throw veto(r, depthError(hook.name, maxDepth));
    if (!tools) throw veto(r, new WardenError('systemException', 'before-hooks need nested runs'));
    const schema = store.schema.entities[event.entity]!;
    const given = event.record && hookRecord(schema, event.entity, event.record);
    const old = event.oldRecord && hookRecord(schema, event.entity, event.oldRecord);
    const records: Record<string, WireRecord> = {};
    const params: Record<string, unknown> = { event: eventParam(event) };
    if (given) records.record = given;
    else params.record = null;
    if (old) records.oldRecord = old;
    else params.oldRecord = null;
    const scope = r.scopes.at(-1)!.nest(hookFrames(eventParam(event), hook.name));
    r.scopes.push(scope);
    r.level += 1;
    let outcome: ReturnType<WorkerTools['runNested']>;
    try {
      outcome = tools.runNested(
        {
          source: hook.source,
          filename: hookFile(hook.name),
          entity: event.entity,
          params,
          records,
          returnRecords: true,
        },
        scope.host,
      );
    } finally {
      r.level -= 1;
      r.scopes.pop();
      scope.end();
    }
    // A deeper hook's veto wins, even when this hook caught it.
    if (r.vetoed) throw r.vetoed;
    if (!outcome.ok) throw veto(r, hookError(hook.name, outcome.error));
    if (pending && given) applyHookEdits(schema, pending, given, outcome.records?.record);
  };

  // A quiet write's events reach only enforced hooks and subscribers.
  const heard = (row: HookRow, event: WardenEvent, quiet: boolean) =>
    (!quiet || row.enforced === 1) && matches(row, event.type, event.entity);
  const events = watchEvents(store, {
    before(event, pending, quiet) {
      const r = run;
      if (!r || r.scopes.length === 0) return;
      if (r.vetoed) throw r.vetoed;
      for (const hook of before) if (heard(hook, event, quiet)) runBefore(r, hook, event, pending);
    },
    after(event, quiet) {
      const r = run;
      if (!r) return;
      const targets = eventTargets(rows, event, quiet);
      if (targets.length === 0) return;
      journal.append(event, r.depth + r.level, targets, quiet);
      r.events += 1;
    },
  });

  return {
    onEvent: events.onEvent,
    begin(scope, depth) {
      run = { scopes: [scope], depth, level: 0, events: 0, vetoed: null };
    },
    refresh() {
      const fresh = readHookRows(version);
      if (!fresh) return;
      version = fresh.version;
      before = fresh.rows.filter((h) => h.phase === 'before');
      rows = fresh.rows;
      events.watch(recordEntities(fresh.rows, store));
    },
    emit(event) {
      const r = run;
      if (!r) return;
      const targets = eventTargets(rows, event, false);
      if (targets.length === 0) return;
      journal.append(event, r.depth + r.level, targets, false);
      r.events += 1;
    },
    end() {
      const out = { events: run?.events ?? 0, vetoed: run?.vetoed ?? null };
      run = null;
      return out;
    },
    nested(name, fn) {
      const r = run;
      if (!r || r.scopes.length === 0)
        throw new WardenError('badRequest', `action '${name}' can only run inside a script run`);
      if (r.depth + r.level + 1 > maxDepth) {
        throw new WardenError(
          'badRequest',
          `action '${name}' exceeded the nesting depth limit of ${maxDepth} (an action that runs itself?)`,
        );
      }
      const scope = r.scopes.at(-1)!.nest([]);
      r.scopes.push(scope);
      r.level += 1;
      try {
        return fn(scope.host);
      } finally {
        r.level -= 1;
        r.scopes.pop();
        scope.end();
      }
    },
    outsideRun(fn) {
      // No refresh: only a run that touched the database (and so refreshed) leaves work here.
      run = { scopes: [], depth: 0, level: 0, events: 0, vetoed: null };
      try {
        fn();
        return run.events;
      } finally {
        run = null;
      }
    },
  };
}
