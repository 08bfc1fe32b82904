import { createOutbox } from '@warden/mail';
import type { RunHost, WorkerHost, WorkerTools } from '@warden/sandbox';
import { openStore } from '@warden/store';
import { badRequest, type SysOpName } from '@warden/sys-api';
import { createPasswordHasher, createUsers, type ScryptParams } from '@warden/users';
import { assertSafeKeys } from './bind-args.js';
import { bindContext } from './bind-context.js';
import { bindData } from './bind-data.js';
import { bindUsers } from './bind-users.js';
import { QUIET_WRITES } from './data-options.js';
import type { OpTable } from './op-table.js';
import { outboxOptions } from './outbox-options.js';
import type { RunState } from './run-state.js';
import { createWorkerEvents } from './worker-events.js';

/** One run's state and the op table bound to it. */
interface RunSlot {
  state: RunState;
  ops: OpTable;
}

/** What the parent hands each worker process (JSON). */
export interface WorkerConfig {
  database: string;
  app: string | object;
  busyTimeoutMs: number;
  passwords: Partial<ScryptParams>;
  /** How deep hooks may nest (default 5). */
  maxHookDepth?: number;
}

/** After-commit effects a run reports back to the parent. */
export interface RunEffects {
  committed: boolean;
  /** Events the committed run journaled for after-hooks and listeners. */
  events: number;
  /** An after-hook's run found its delivery already recorded: it was rolled back, a duplicate. */
  duplicate?: boolean;
}

/**
 * Runs inside each worker process: its own connection to the database, the store, users and
 * outbox over it, and one transaction per script run, opened on the run's first database call.
 * Before-hooks run nested inside the call that triggers them (`tools.runNested`); a run one of
 * them vetoed rolls back and fails with the hook's error, even if the script caught it.
 */
export default function createWorkerHost(config: WorkerConfig, tools?: WorkerTools): WorkerHost {
  const store = openStore({
    database: config.database,
    app: config.app,
    busyTimeoutMs: config.busyTimeoutMs,
  });
  const outbox = createOutbox(store.db, outboxOptions(store.app));
  const events = createWorkerEvents(store, tools, config.maxHookDepth ?? 5);
  const recordDelivery = store.db.prepare('INSERT INTO _warden_deliveries (seq, target) VALUES (?, ?)');
  const users = createUsers({
    store,
    outbox,
    hasher: createPasswordHasher(config.passwords),
    onEvent: events.onEvent,
  });

  // A run's state and its bound op table are reused by later runs (a nested run takes its own):
  // binding them afresh cost more than the whole host side of a trivial run.
  const idle: RunSlot[] = [];
  const newSlot = (): RunSlot => {
    let cursorSeq = 0;
    const state: RunState = {
      runId: '',
      store,
      users,
      cursors: new Map(),
      currentUserId: null,
      tookLocks: false,
      quietWrites: false,
      touch() {
        if (store.inTransaction) return;
        store.begin();
        events.refresh();
      },
      nextCursorId: () => `c${++cursorSeq}`,
    };
    return { state, ops: { ...bindData(state), ...bindUsers(state), ...bindContext(state) } };
  };

  return {
    schema: () => store.schema,
    beginRun(req): RunHost {
      const { state, ops } = idle.pop() ?? newSlot();
      state.runId = req.runId;
      state.currentUserId = req.as ?? null;
      state.tookLocks = false;
      state.quietWrites = req.grants?.includes(QUIET_WRITES) ?? false;
      let finished = false;
      const depth = req.depth ?? 0;
      const closeCursors = () => {
        for (const cursor of state.cursors.values()) cursor.close();
        state.cursors.clear();
      };

      const runHost: RunHost = {
        dispatch(op: SysOpName, args: unknown[]) {
          const handler = ops[op];
          if (!handler) throw badRequest(`unknown operation '${String(op)}'`);
          assertSafeKeys(op, args);
          return handler(args);
        },
        finish(ok: boolean): RunEffects {
          closeCursors();
          const { events: journaled, vetoed } = events.end();
          const commit = ok && !vetoed;
          let duplicate = false;
          let open = store.inTransaction;
          try {
            // An after-hook's delivery is recorded in its own transaction: its effects and the
            // record that it ran commit together, and a second delivery of the event finds the row.
            if (commit && req.delivery) {
              if (!open) store.begin();
              open = true;
              try {
                recordDelivery.run(req.delivery.seq, req.delivery.target);
              } catch (error) {
                if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error;
                duplicate = true;
              }
            }
            if (open && commit && !duplicate) store.commit();
            else if (open) store.rollback();
          } catch (error) {
            if (store.inTransaction) store.rollback();
            throw error;
          } finally {
            if (state.tookLocks) store.releaseLocks(state.runId);
            if (!finished) idle.push({ state, ops });
            finished = true;
          }
          if (vetoed) throw vetoed;
          if (duplicate) return { committed: false, events: 0, duplicate };
          return { committed: open && commit, events: open && commit ? journaled : 0 };
        },
        restart() {
          closeCursors();
          events.end();
          try {
            if (store.inTransaction) store.rollback();
          } finally {
            if (state.tookLocks) store.releaseLocks(state.runId);
            state.tookLocks = false;
            events.begin(runHost, depth);
          }
        },
      };
      events.begin(runHost, depth);
      return runHost;
    },
    close: () => store.close(),
  };
}
