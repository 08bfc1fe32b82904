import { createAuthz } from '@warden/authz';
import {
  createJobQueue,
  type JobProgressFile,
  type JobQueue,
  loadActions,
  openJobProgress,
} from '@warden/jobs';
import { createOutbox } from '@warden/mail';
import { type RunHost, requestReplay, type WorkerHost, type WorkerTools } from '@warden/sandbox';
import { createAuditTrail, isDatabaseBusy, openStore, storageError } from '@warden/store';
import { badRequest, type SysOpName, WardenError } from '@warden/sys-api';
import {
  type AccountFlowOptions,
  acceptForeignHashes,
  createPasswordHasher,
  createUsers,
  type ScryptParams,
} from '@warden/users';
import Database from 'better-sqlite3';
import { appFolder, loadAppLibraries } from './app-libraries.js';
import { assertSafeKeys } from './bind-args.js';
import { bindAudit } from './bind-audit.js';
import { bindContext } from './bind-context.js';
import { bindData } from './bind-data.js';
import { bindImport } from './bind-import.js';
import { bindJobs } from './bind-jobs.js';
import { bindUi } from './bind-ui.js';
import { APP_METADATA } from './bind-user-lifecycle.js';
import { bindUsers } from './bind-users.js';
import { bindUtils } from './bind-utils.js';
import { requestFrames, SCRIPT_FRAMES } from './context-frames.js';
import { QUIET_WRITES } from './data-options.js';
import { speakingOfSysCalls } from './op-messages.js';
import type { OpTable } from './op-table.js';
import { outboxOptions } from './outbox-options.js';
import { ENFORCE_ACCESS } from './run-access.js';
import type { WorkerJobs } from './run-actions.js';
import { releaseRunLocks } from './run-locks.js';
import type { RunState } from './run-state.js';
import { createWorkerEvents, type RunScope } from './worker-events.js';

/** One run's state, the op table bound to it and the dispatch over that table. */
interface RunSlot {
  state: RunState;
  dispatch: RunHost['dispatch'];
}

/**
 * Ops that write to the data file: the first one takes the run's write lock. `data.action` is not
 * one: an action run in the call takes the lock at its own first write (a long read-only job holds
 * none), and one queued as a job takes it to queue (`enqueueJob`).
 */
const WRITES = new Set<SysOpName>([
  'data.save',
  'data.saveMany',
  'data.remove',
  'data.delete',
  'data.importRecords',
  'users.activate',
  'users.deactivate',
  'users.resetPassword',
  'users.updatePassword',
  'users.addIdentityProvider',
  'users.removeIdentityProvider',
  'data.executeAction',
  'jobs.cancel',
  'users.revokeSession',
  'users.requestEmailChange',
  'users.removeMfa',
  'users.setState',
  'users.restore',
  'users.patchMetadata',
  'users.merge',
]);

/** A record-lock wait refused because it would close a cycle (`info.deadlock`). */
const isDeadlock = (error: unknown) => (error as { info?: { deadlock?: unknown } })?.info?.deadlock === true;

/** SQLite's busy errors, raw (a write outside `WRITES`) or as the store's coded `timeout`. */
const isBusy = (error: unknown) =>
  isDatabaseBusy(error) || String((error as { code?: unknown })?.code).startsWith('SQLITE_BUSY');

/** What the parent hands each worker process (JSON). */
export interface WorkerConfig {
  database: string;
  /** The database path as the embedder wrote it, for error messages. */
  databaseName?: string;
  app: string | object;
  busyTimeoutMs: number;
  passwords: Partial<ScryptParams>;
  /** How deep hooks may nest (default 5). */
  maxHookDepth?: number;
  /** Bytes a stored record's data may take (the store's default when absent). */
  maxRecordBytes?: number;
  /** The folder action scripts of the app definition are relative to (and confined to). */
  appDir?: string | null;
  /** The account options scripts' calls use (code lifetimes, limits), never the secret key. */
  account?: AccountFlowOptions;
}

/** After-commit effects a run reports back to the parent. */
export interface RunEffects {
  committed: boolean;
  /** Events the committed run journaled for after-hooks and listeners. */
  events: number;
  /** An after-hook's run found its delivery already recorded: it was rolled back, a duplicate. */
  duplicate?: boolean;
  /** Jobs the committed run enqueued. */
  jobs?: number;
  /** A job's run found its job canceled or its claim lost: it was rolled back. */
  jobLost?: boolean;
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
    databaseName: config.databaseName,
    app: config.app,
    busyTimeoutMs: config.busyTimeoutMs,
    ...(config.maxRecordBytes === undefined ? {} : { maxRecordBytes: config.maxRecordBytes }),
  });
  const outbox = createOutbox(store.db, outboxOptions(store.app));
  // The app's libraries travel with the schema into every isolate the worker makes.
  const libraries = loadAppLibraries(store.app.libraries, appFolder(config.app));
  const schema = libraries.length > 0 ? { ...store.schema, libraries } : store.schema;
  // Before createUsers: the event interceptors go first, as in the parent.
  const events = createWorkerEvents(store, tools, config.maxHookDepth ?? 5);
  // Who writes: the run whose call is being served (nested before-hooks included), else the worker.
  let serving: RunState | null = null;
  const audit = createAuditTrail(store, () =>
    serving
      ? { userId: serving.currentUserId, runId: serving.runId, hostCall: null }
      : { userId: null, runId: null, hostCall: 'worker' },
  );
  const recordDelivery = store.db.prepare('INSERT INTO _warden_deliveries (seq, target) VALUES (?, ?)');
  const users = createUsers({
    store,
    outbox,
    hasher: acceptForeignHashes(createPasswordHasher(config.passwords)),
    onEvent: (event) => {
      audit.userEvent(event);
      events.onEvent(event);
    },
    // No secret key in workers: scripts neither enrol factors nor sign tokens.
    ...(config.account ? { account: config.account } : {}),
  });
  const authz = createAuthz(store);
  const queue = createJobQueue(store.db);
  let fresh: JobQueue | null = null;
  let freshDb: Database.Database | null = null;
  let progress: JobProgressFile | null = null;
  const jobs: WorkerJobs = {
    actions: loadActions(store.app.actions, store.schema, config.appDir ?? null),
    queue,
    fresh() {
      if (!fresh) {
        freshDb = new Database(config.database);
        freshDb.pragma('busy_timeout = 5000');
        fresh = createJobQueue(freshDb);
      }
      return fresh;
    },
    runNested(name, req) {
      if (!tools) throw new WardenError('systemException', 'actions need nested runs');
      return events.nested(name, (host) => tools.runNested(req, host));
    },
    current: { job: null, enqueued: new Set() },
    setProgress(jobId, done, total) {
      progress ??= openJobProgress(config.database);
      progress.set(jobId, done, total);
    },
    cancelRequested(jobId) {
      progress ??= openJobProgress(config.database);
      return progress.cancelRequested(jobId);
    },
  };

  // Failed current-password checks of a run are written once its transaction has ended, so that
  // a run that fails (and rolls back) still counts them. Their events go to after-hooks and
  // listeners, as for host-side changes. If the write fails they stay pending for the next run.
  const settleOutsideRun = (): number => {
    try {
      return events.outsideRun(() => users.flushPasswordFailures());
    } catch {
      return 0;
    }
  };

  // A run's state and its bound op table are reused by later runs (a nested run takes its own):
  // binding them afresh cost more than the whole host side of a trivial run.
  const idle: RunSlot[] = [];
  // How the current run's transaction begins (immediate for a replay: it must not lose its write
  // lock again) and when its time ends. Nested runs share it, as they share the transaction.
  const run = { mode: 'deferred' as 'deferred' | 'immediate', deadline: Number.POSITIVE_INFINITY };
  const newSlot = (): RunSlot => {
    let cursorSeq = 0;
    const state: RunState = {
      runId: '',
      parent: null,
      store,
      users,
      authz,
      audit,
      enforce: false,
      access: null,
      cursors: new Map(),
      currentUserId: null,
      tookLocks: false,
      quietWrites: false,
      appMetadata: false,
      lockOwner: '',
      locks: new Map(),
      deadline: Number.POSITIVE_INFINITY,
      replaying: false,
      touch() {
        if (store.inTransaction) return;
        store.begin({ mode: run.mode, deadline: run.deadline });
        events.refresh();
      },
      nextCursorId: () => `c${++cursorSeq}`,
      frames: [...SCRIPT_FRAMES],
      emit: (event) => events.emit(event),
    };
    const data = bindData(state);
    const ops: OpTable = speakingOfSysCalls({
      ...data,
      ...bindUsers(state),
      ...bindContext(state),
      ...bindUtils(state),
      ...bindUi(state),
      ...bindAudit(state),
      ...bindImport(state),
      ...bindJobs(state, jobs, data['data.delete']),
    });
    const dispatch = (op: SysOpName, args: unknown[]): unknown => {
      const handler = ops[op];
      if (!handler) throw badRequest(`unknown operation '${String(op)}'`);
      assertSafeKeys(op, args);
      // A deferred run takes the write lock at its first write, before any of it runs (no
      // before-hook has started). When it cannot (another connection holds the lock or wrote
      // since the run's snapshot), the run is replayed with an immediate begin.
      const reading = !store.writing;
      const outer = serving;
      serving = state;
      try {
        if (reading && WRITES.has(op)) {
          state.touch();
          store.upgrade();
        }
        return handler(args);
      } catch (error) {
        // A lock wait that would deadlock: release everything and replay (its own locks go).
        if (isDeadlock(error) && run.mode === 'deferred') throw requestReplay(error as Error);
        // A full disk or a read-only file is named for the script, without the file's path.
        if (!reading || !isBusy(error)) throw storageError(op, error);
        const busy = new WardenError(
          'timeout',
          `sys.${op}: the database stayed busy (another run or the host held its write lock) for the time this run had left`,
          { info: { databaseBusy: true } },
        );
        if (run.mode === 'deferred') throw requestReplay(busy);
        throw busy;
      } finally {
        serving = outer;
      }
    };
    return { state, dispatch };
  };
  /** A slot from the pool, in the state a run (or a nested hook) starts with. */
  const claim = (runId: string, lockOwner: string, userId: string | null, parent: RunState | null) => {
    const slot = idle.pop() ?? newSlot();
    Object.assign(slot.state, {
      runId,
      lockOwner,
      parent,
      currentUserId: userId,
      tookLocks: false,
      deadline: run.deadline,
      replaying: run.mode === 'immediate',
      enforce: parent?.enforce ?? false,
      access: parent?.access ?? null,
    });
    slot.state.locks.clear();
    return slot;
  };
  const closeCursors = (state: RunState) => {
    for (const cursor of state.cursors.values()) cursor.close();
    state.cursors.clear();
  };
  /** Ends what a run holds outside the transaction: its cursors and its record locks. */
  const releaseHeld = (state: RunState) => {
    closeCursors(state);
    releaseRunLocks(state);
  };
  /** The scope of `slot`'s run: its calls, and the hooks nested in it, each with a slot of its own. */
  const scopeOf = (slot: RunSlot, nextOwner: () => string): RunScope => ({
    host: { dispatch: slot.dispatch, finish: () => null },
    nest(frames) {
      const { state } = slot;
      const child = claim(state.runId, nextOwner(), state.currentUserId, state);
      child.state.quietWrites = state.quietWrites;
      child.state.appMetadata = state.appMetadata;
      child.state.frames = [...state.frames, ...frames];
      return {
        ...scopeOf(child, nextOwner),
        end() {
          try {
            releaseHeld(child.state);
          } finally {
            child.state.parent = null;
            idle.push(child);
          }
        },
      };
    },
  });

  return {
    schema: () => schema,
    beginRun(req): RunHost {
      // What a replay starts again from: the user the request runs as.
      const initialUser = req.as ?? null;
      run.mode = 'deferred';
      run.deadline = req.deadline ?? Number.POSITIVE_INFINITY;
      const slot = claim(req.runId, req.runId, initialUser, null);
      jobs.current.job = req.job ?? null;
      jobs.current.enqueued.clear();
      const { state } = slot;
      state.quietWrites = req.grants?.includes(QUIET_WRITES) ?? false;
      state.appMetadata = req.grants?.includes(APP_METADATA) ?? false;
      // Rights are loaded once per run, on its first call that needs them.
      state.enforce = initialUser !== null && (req.grants?.includes(ENFORCE_ACCESS) ?? false);
      state.access = null;
      state.frames = requestFrames(req);
      let finished = false;
      let nestedSeq = 0;
      const depth = req.depth ?? 0;
      const scope = scopeOf(slot, () => `${req.runId}/${++nestedSeq}`);

      const runHost: RunHost = {
        dispatch: slot.dispatch,
        finish(ok: boolean, value?: unknown): RunEffects {
          closeCursors(state);
          const { events: journaled, vetoed } = events.end();
          const commit = ok && !vetoed;
          let duplicate = false;
          let jobLost = false;
          let open = store.inTransaction;
          const enqueued = jobs.current.enqueued.size;
          let settled = 0;
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
            // A job's run marks its job finished in its own transaction: its effects and its end
            // commit together, and a run whose claim was lost (or whose job was canceled) rolls back.
            if (commit && !duplicate && req.job) {
              if (open && !store.writing) {
                // A run that wrote holds the lock, so this no-op write succeeds; one that only
                // read may have a stale snapshot: nothing to keep, and a fresh begin waits its turn.
                try {
                  store.upgrade();
                } catch {
                  store.rollback();
                  open = false;
                }
              }
              if (!open) store.begin({ mode: 'immediate' });
              open = true;
              jobLost = jobs.cancelRequested(req.job.id) || !queue.complete(req.job.id, req.job.claim, value);
            }
            if (open && commit && !duplicate && !jobLost) store.commit();
            else if (open) store.rollback();
          } catch (error) {
            if (store.inTransaction) store.rollback();
            throw storageError('commit', error);
          } finally {
            releaseRunLocks(state);
            if (!finished) idle.push(slot);
            finished = true;
            settled = settleOutsideRun();
          }
          if (vetoed) throw vetoed;
          if (duplicate) return { committed: false, events: settled, duplicate };
          if (jobLost) return { committed: false, events: settled, jobLost };
          const committed = open && commit;
          return {
            committed,
            events: (committed ? journaled : 0) + settled,
            ...(committed && enqueued > 0 ? { jobs: enqueued } : {}),
          };
        },
        held() {
          let bytes = 0;
          for (const cursor of state.cursors.values()) bytes += cursor.heldBytes?.() ?? 0;
          return { cursors: state.cursors.size, bytes };
        },
        restart() {
          closeCursors(state);
          jobs.current.enqueued.clear();
          events.end();
          try {
            if (store.inTransaction) store.rollback();
          } finally {
            // The replay starts as the request did: no cursor, no lock, the request's user.
            releaseHeld(state);
            state.currentUserId = initialUser;
            // A replay takes the write lock at its first call, so it cannot lose it again.
            run.mode = 'immediate';
            state.replaying = true;
            events.begin(scope, depth);
          }
        },
      };
      events.begin(scope, depth);
      return runHost;
    },
    close: () => {
      (freshDb as Database.Database | null)?.close();
      progress?.close();
      store.close();
    },
  };
}
