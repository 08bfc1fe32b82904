import { fileURLToPath } from 'node:url';
import { createMailDispatcher, createOutbox, type MailDispatcher, type Outbox } from '@warden/mail';
import { createExecutor, type Executor, type Limits, outcomeError, type RunStats } from '@warden/sandbox';
import { loadAppDefinition, openStore, type Store } from '@warden/store';
import { badRequest, type LogEntry, notFound } from '@warden/sys-api';
import { createPasswordHasher, createUsers, type Users } from '@warden/users';
import { type RuntimeConfig, resolveConfig } from './config.js';
import { outboxOptions } from './outbox-options.js';
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
  /** The record store over the parent's own connection, for host-side reads and writes. */
  readonly store: Store;
  /** Host-side user management (the same semantics as `sys.users`, plus host-only calls). */
  readonly users: Users;
  /** The mail outbox: list it, or deliver what is due now. */
  readonly mail: {
    list: Outbox['list'];
    drain: MailDispatcher['drain'];
  };
  close(): Promise<void>;
}

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
  const store = openStore({ database: cfg.database, app });
  const outbox = createOutbox(store.db, outboxOptions(store.app));
  const users = createUsers({ store, outbox, hasher: createPasswordHasher(cfg.passwords) });
  const dispatcher = createMailDispatcher({
    database: cfg.database,
    transport: cfg.mailTransport, // the dispatcher owns it and closes it on stop
    retry: cfg.mailRetry,
    pollMs: cfg.mailPollMs,
  });
  if (cfg.mailDispatch) dispatcher.start();

  // Workers get the definition as given: a loaded one does not survive the trip between processes.
  const workerConfig: WorkerConfig = {
    database: cfg.database,
    app: cfg.app,
    busyTimeoutMs: 30_000,
    passwords: cfg.passwords,
  };
  // Workers start on the first run, so host-only uses (the CLI's `mail`, user admin) cost nothing.
  let executor: Executor | undefined;
  const getExecutor = () => {
    executor ??= createExecutor({
      workers: cfg.workers,
      host: { module: workerModule, config: workerConfig },
      limits: cfg.limits,
      recycle: { maxRuns: cfg.maxRunsPerIsolate },
    });
    return executor;
  };

  let closed = false;

  return {
    store,
    users,
    mail: { list: (filter) => outbox.list(filter), drain: () => dispatcher.drain() },

    async run(source, options = {}) {
      if (closed) throw badRequest('run: the runtime is closed');
      if (typeof source !== 'string') throw badRequest('run: source must be a string');
      if (options.entity !== undefined && !store.schema.entities[options.entity]) {
        throw notFound(`run: entity '${options.entity}' does not exist`);
      }
      const limits = { ...options.limits, ...(options.timeoutMs ? { wallMs: options.timeoutMs } : {}) };
      const outcome = await getExecutor().run({
        source,
        filename: options.filename,
        entity: options.entity,
        as: options.as === undefined ? undefined : resolveUser(store, options.as),
        params: options.params,
        limits,
      });
      if (!outcome.ok) throw outcomeError(outcome);
      if ((outcome.effects as RunEffects | undefined)?.committed && cfg.mailDispatch) dispatcher.kick();
      return { value: outcome.value, logs: outcome.logs, stats: outcome.stats };
    },

    async close() {
      if (closed) return;
      closed = true;
      await executor?.close();
      await dispatcher.stop();
      store.close();
    },
  };
}

function resolveUser(store: Store, key: string): string {
  const user = store.findOne('sys.users', key);
  if (!user?.id) throw notFound(`run: no user with id or email '${key}' to run as`);
  return user.id;
}
