import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Authz, createAuthz } from '@warden/authz';
import { type ActionSpec, loadActions } from '@warden/jobs';
import { createMailDispatcher, createOutbox, type MailDispatcher, type Outbox } from '@warden/mail';
import {
  createExecutor,
  type Executor,
  type Limits,
  outcomeError,
  type RunRequest,
  type RunStats,
} from '@warden/sandbox';
import {
  type AuditPage,
  type AuditQuery,
  createAuditTrail,
  loadAppDefinition,
  openStore,
  type Store,
} from '@warden/store';
import { badRequest, type EventType, type LogEntry, notFound } from '@warden/sys-api';
import { acceptForeignHashes, createPasswordHasher, createUsers } from '@warden/users';
import { appFolder, loadAppLibraries } from './app-libraries.js';
import { APP_METADATA } from './bind-user-lifecycle.js';
import { type RuntimeConfig, resolveConfig } from './config.js';
import { QUIET_WRITES } from './data-options.js';
import type { EventListener, ListenerOptions } from './hook-registry.js';
import { loadAppHooks } from './hook-spec.js';
import { type ActionCall, actionDriver, type HostActions } from './host-actions.js';
import { createHostCalls, type HostCalls } from './host-calls.js';
import { gateCalls } from './host-gate.js';
import { createHostJobs, type HostJobs } from './host-jobs.js';
import { createHostStore, type HostStore } from './host-store.js';
import { createHostUsers, type HostUsers } from './host-users.js';
import { outboxOptions } from './outbox-options.js';
import { ENFORCE_ACCESS } from './run-access.js';
import { createParentEvents, type ParentEvents, type RuntimeHooks } from './runtime-hooks.js';
import { checkpointAfterPurge, erasePurgedUser } from './user-purge.js';
import type { RunEffects, WorkerConfig } from './worker-host.js';

/** Options of one script run. */
export interface RunOptions {
  /** The context entity: what `sys.data.createRecord()` creates when given no name. */
  entity?: string;
  /** Run as this user (email or id): `sys.context` returns them. */
  as?: string;
  /** Values the script sees as variables of the same names. */
  params?: Record<string, unknown>;
  /** Wall-time limit of this run in ms. */
  timeoutMs?: number;
  /** Any other limit of this run. */
  limits?: Partial<Limits>;
  /** Name shown in stack traces and errors. */
  filename?: string;
  /**
   * Whether this run may write quietly (`triggerEvents: false`, `mode: 'lite'`); default: the
   * runtime's `scripts.quietWrites` (false unless the embedder set it).
   */
  quietWrites?: boolean;
  /**
   * Whether the app's access rules bind this run (`as` required): what the user may not see is
   * filtered out, what they may not change is refused. Default: on whenever `as` is given and the
   * app declares `authorization`; `false` runs as the user with the system's reach.
   */
  enforce?: boolean;
  /** Whether this run may write users' `appMetadata` (`sys.users.patchMetadata`); default false. */
  appMetadata?: boolean;
}

export interface RunResult {
  value: unknown;
  logs: LogEntry[];
  stats: RunStats;
}

/** A Warden runtime: scripts in, results out; the database, users and mail behind it. */
export interface Runtime {
  /** Runs a script as one transaction; throws a WardenError (with `logs`) when it fails. */
  run(source: string, options?: RunOptions): Promise<RunResult>;
  /**
   * The record store for the host, asynchronous: calls never wait on the database's lock in the
   * event loop (they retry on timers while a run writes, then fail with `timeout`).
   */
  readonly store: HostStore;
  /** Host-side user management and sign-in (the semantics of `sys.users`, plus host-only calls), asynchronous. */
  readonly users: HostUsers & HostRoleMethods;
  /** The mail outbox: list it, or deliver what is due now. */
  readonly mail: {
    list(filter?: Parameters<Outbox['list']>[0]): Promise<ReturnType<Outbox['list']>>;
    drain: MailDispatcher['drain'];
    /**
     * Re-queues mail that gave up (by default every `dead` one; a sensitive mail whose body was
     * erased cannot be, and is counted as skipped), due at once with a fresh retry budget.
     */
    retry(filter?: Parameters<Outbox['retry']>[0]): Promise<ReturnType<Outbox['retry']>>;
  };
  /** Hooks registered from the host, and the delivery of after-hooks. */
  readonly hooks: RuntimeHooks;
  /** The job queue: list, get, cancel, logs, progress and end events. */
  readonly jobs: HostJobs;
  /** Actions of the app definition, run from the host (as a user, or as the system). */
  readonly actions: HostActions;
  /**
   * The audit log: the history of entities declared `"history": true` and every user lifecycle
   * event, newest first, filtered and paged (`cursor` from the previous page).
   */
  readonly audit: {
    query(query?: AuditQuery): Promise<AuditPage>;
    /** Deletes rows past the app's `audit.retentionDays` now (the expiry sweeper also does). */
    prune(): Promise<number>;
  };
  /**
   * Calls `listener` after each committed event of `eventType` (or of any type for `'*'`), after
   * the event's after-hooks, in order. Returns the function that unsubscribes it.
   */
  on(eventType: EventType | '*', listener: EventListener, options?: ListenerOptions): () => void;
  /** Stops the workers and the mail dispatcher once the events already committed are delivered. */
  close(): Promise<void>;
}

type RoleMethods = Pick<
  Authz,
  'addRole' | 'removeRole' | 'getRoles' | 'hasRole' | 'hasPermission' | 'permissionsOf'
>;
/**
 * The role methods of `runtime.users` (see `Authz`), asynchronous: `addRole`, `removeRole`,
 * `getRoles`, `hasRole`, `hasPermission`, and `permissionsOf(user)` (groups, roles, permissions
 * and entity rights).
 */
export type HostRoleMethods = {
  [K in keyof RoleMethods]: (...args: Parameters<RoleMethods[K]>) => Promise<ReturnType<RoleMethods[K]>>;
};

const workerModule = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './worker-host.ts' : './worker-host.js', import.meta.url),
);

/**
 * Creates a runtime over a SQLite file: validates the app definition and migrates the database
 * here, once, then starts the worker processes and the mail dispatcher.
 */
export async function createRuntime(config: RuntimeConfig): Promise<Runtime> {
  const cfg = resolveConfig(config);
  const app = loadAppDefinition(cfg.app);
  // The parent never waits on the write lock synchronously: no busy timeout, retries on timers.
  const store = openStore({
    database: cfg.database,
    databaseName: cfg.databaseName,
    adoptForeignDatabase: cfg.adoptForeignDatabase,
    app,
    maxRecordBytes: cfg.maxRecordBytes,
    busyTimeoutMs: 0,
  });
  const calls = gateCalls(createHostCalls());
  let authz: Authz;
  try {
    authz = createAuthz(store);
  } catch (error) {
    store.close();
    throw error;
  }
  // Workers get the definition as given: a loaded one does not survive the trip between processes.
  const baseDir = typeof cfg.app === 'string' ? dirname(cfg.app) : null;
  let actions: ActionSpec[];
  try {
    actions = loadActions(store.app.actions, store.schema, baseDir);
  } catch (error) {
    store.close();
    throw error;
  }
  const workerConfig: WorkerConfig = {
    appDir: baseDir,
    database: cfg.database,
    databaseName: cfg.databaseName,
    app: cfg.app,
    busyTimeoutMs: 30_000,
    passwords: cfg.passwords,
    maxHookDepth: cfg.maxHookDepth,
    maxRecordBytes: cfg.maxRecordBytes,
    account: {
      ...(cfg.users.emailCodeTtlMs === undefined ? {} : { emailCodeTtlMs: cfg.users.emailCodeTtlMs }),
      ...(cfg.users.signUpLimits === undefined ? {} : { signUpLimits: cfg.users.signUpLimits }),
      ...(cfg.users.mfaLimit === undefined ? {} : { mfaLimit: cfg.users.mfaLimit }),
    },
  };
  // Workers start on the first run, so host-only uses (the CLI's `mail`, user admin) cost nothing.
  let executor: Executor | undefined;
  // A run without grants of its own (after-hooks) gets the runtime's default.
  const defaultGrants = cfg.quietWrites ? [QUIET_WRITES] : [];
  const execute = async (req: RunRequest) => {
    req.grants ??= defaultGrants;
    executor ??= createExecutor({
      workers: cfg.workers,
      host: { module: workerModule, config: workerConfig },
      limits: cfg.limits,
      recycle: { maxRuns: cfg.maxRunsPerIsolate },
      deferSaves: cfg.deferSaves,
      // A worker's stderr (V8's report when a script's heap runs out, a host that failed to
      // start) joins the embedder's log, each line tagged with its worker.
      workerStderr: (line, worker) => cfg.logger.error(`warden worker ${worker}: ${line}`),
    });
    const outcome = await executor.run(req);
    const effects = outcome.ok ? (outcome.effects as RunEffects | undefined) : undefined;
    if (effects?.committed && cfg.mailDispatch) dispatcher.kick();
    if (effects?.jobs) hostJobs?.runner.kick();
    return outcome;
  };
  let hostJobs: ReturnType<typeof createHostJobs> | undefined;
  let events: ParentEvents;
  try {
    const hookDir = appFolder(cfg.app);
    // Checked here too, so that a bad library fails createRuntime rather than every worker.
    loadAppLibraries(store.app.libraries, hookDir);
    // Before createUsers: the event interceptors go first, as in the workers.
    events = createParentEvents({
      store,
      appHooks: loadAppHooks(store.app.hooks, store.schema, hookDir),
      maxDepth: cfg.maxHookDepth,
      logger: cfg.logger,
      run: execute,
      deliver: cfg.deliverEvents,
      settings: cfg.events,
      calls,
    });
  } catch (error) {
    store.close();
    throw error;
  }
  try {
    hostJobs = createHostJobs({
      store,
      calls,
      settings: cfg.jobs,
      database: cfg.database,
      actions,
      baseDir,
      run: execute,
      logger: cfg.logger,
    });
  } catch (error) {
    store.close();
    throw error;
  }
  const jobs = hostJobs;
  const outbox = createOutbox(store.db, outboxOptions(store.app));
  // The host's writes are recorded as the host call that made them.
  const audit = createAuditTrail(store, calls.actor);
  const users = createUsers({
    store,
    outbox,
    hasher: acceptForeignHashes(createPasswordHasher(cfg.passwords)),
    onEvent: (event) => {
      audit.userEvent(event);
      events.onEvent(event);
    },
    atomic: (name, fn) => calls.call(`users.${name}`, fn),
    account: cfg.users,
    // What the runtime keeps about a purged user loses its personal data in the purge's transaction.
    onPurge: (user) => erasePurgedUser(store.db, user),
    providers: cfg.providers,
  });
  const dispatcher = createMailDispatcher({
    database: cfg.database,
    transport: cfg.mailTransport, // the dispatcher owns it and closes it on stop
    retry: cfg.mailRetry,
    pollMs: cfg.mailPollMs,
    ...(cfg.mailLeaseMs === undefined ? {} : { leaseMs: cfg.mailLeaseMs }),
  });
  if (cfg.mailDispatch) dispatcher.start();
  // Events committed before a crash or a stop are delivered once the embedder had its turn to
  // register listeners (right after `createRuntime` resolves).
  setImmediate(() => {
    if (closed) return;
    events.kick();
    jobs.runner.kick();
  });
  // Accounts past their expirationDate become INACTIVE even when nobody tries to sign in.
  const sweeper =
    cfg.expirySweepMs > 0
      ? setInterval(() => {
          calls
            .call('users.sweepExpired', () => {
              // The audit log's retention rides on the same sweep.
              audit.prune();
              // Trashed users past the app's trashRetentionDays are purged on the same sweep.
              const expired = users.sweepExpired();
              const purged = users.purgeTrashed();
              if (purged > 0) checkpointAfterPurge(store.db);
              return expired + purged;
            })
            .then(
              (swept) => swept > 0 && events.kick(),
              (error) => cfg.logger.error(`warden: account expiry sweep failed: ${(error as Error).message}`),
            );
        }, cfg.expirySweepMs).unref()
      : undefined;

  let closed = false;
  // Script runs in flight: close() waits for them before the last drain, so their events go out.
  const inFlight = new Set<Promise<unknown>>();

  const roleMethods: HostRoleMethods = {
    addRole: (user, role) => calls.call('users.addRole', () => authz.addRole(user, role)),
    removeRole: (user, role) => calls.call('users.removeRole', () => authz.removeRole(user, role)),
    getRoles: (user) => calls.call('users.getRoles', () => authz.getRoles(user)),
    hasRole: (user, role) => calls.call('users.hasRole', () => authz.hasRole(user, role)),
    hasPermission: (user, permission) =>
      calls.call('users.hasPermission', () => authz.hasPermission(user, permission)),
    permissionsOf: (user) => calls.call('users.permissionsOf', () => authz.permissionsOf(user)),
  };
  const runtime: Runtime = {
    store: createHostStore(store, calls, users),
    audit: {
      query: (query) => calls.call('audit.query', () => audit.log.query('audit.query', query)),
      prune: () => calls.call('audit.prune', () => audit.prune()),
    },
    users: { ...createHostUsers(users, calls, () => checkpointAfterPurge(store.db)), ...roleMethods },
    mail: {
      list: (filter) => calls.call('mail.list', () => outbox.list(filter)),
      drain: () => dispatcher.drain(),
      async retry(filter) {
        const report = await calls.call('mail.retry', () => outbox.retry(filter));
        if (report.requeued > 0 && cfg.mailDispatch) dispatcher.kick();
        return report;
      },
    },
    hooks: events.hooks,
    on: events.on,
    jobs: jobs.api,
    actions: {
      async execute(name, call: ActionCall = {}) {
        const driver = actionDriver(name, call, actions);
        const result = await runtime.run(driver.source, {
          params: { _a: driver.params },
          ...(call.as === undefined ? {} : { as: call.as }),
          ...(call.enforce === undefined ? {} : { enforce: call.enforce }),
          filename: 'actions.execute',
        });
        return result.value;
      },
    },

    async run(source, options = {}) {
      if (closed) throw badRequest('run: the runtime is closed');
      if (typeof source !== 'string') throw badRequest('run: source must be a string');
      if (options.entity !== undefined && !store.schema.entities[options.entity]) {
        throw notFound(`run: entity '${options.entity}' does not exist`);
      }
      if (options.quietWrites !== undefined && typeof options.quietWrites !== 'boolean') {
        throw badRequest(`run: quietWrites must be true or false, got ${typeof options.quietWrites}`);
      }
      const quiet = options.quietWrites ?? cfg.quietWrites;
      if (options.enforce !== undefined && typeof options.enforce !== 'boolean') {
        throw badRequest(`run: enforce must be true or false, got ${typeof options.enforce}`);
      }
      if (options.enforce === true && options.as === undefined) {
        throw badRequest('run: enforce needs a user to act as (as)');
      }
      const enforce = options.enforce ?? (options.as !== undefined && authz.model.declared);
      if (options.appMetadata !== undefined && typeof options.appMetadata !== 'boolean') {
        throw badRequest(`run: appMetadata must be true or false, got ${typeof options.appMetadata}`);
      }
      const grants = [
        ...(quiet ? [QUIET_WRITES] : []),
        ...(enforce ? [ENFORCE_ACCESS] : []),
        ...(options.appMetadata ? [APP_METADATA] : []),
      ];
      const limits = { ...options.limits, ...(options.timeoutMs ? { wallMs: options.timeoutMs } : {}) };
      const as = options.as === undefined ? undefined : await resolveUser(calls, store, options.as);
      // Hooks registered before this run are visible to its worker.
      await events.settled();
      const running = execute({
        source,
        filename: options.filename,
        entity: options.entity,
        as,
        params: options.params,
        limits,
        grants,
      });
      inFlight.add(running);
      let outcome: Awaited<typeof running>;
      try {
        outcome = await running;
      } finally {
        inFlight.delete(running);
      }
      if (!outcome.ok) throw outcomeError(outcome);
      if ((outcome.effects as RunEffects | undefined)?.events) events.kick();
      return { value: outcome.value, logs: outcome.logs, stats: outcome.stats };
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await jobs.close();
      await events.close();
      await executor?.close();
      await dispatcher.stop();
      store.close();
    },
  };
  return runtime;
}

async function resolveUser(calls: HostCalls, store: Store, key: string): Promise<string> {
  const user = await calls.call('run', () => store.findOne('sys.users', key));
  if (!user?.id) throw notFound(`run: no user with id or email '${key}' to run as`);
  return user.id;
}
