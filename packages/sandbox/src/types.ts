import type { AppSchema, FieldError, LogEntry, SysOpName, WireRecord } from '@warden/sys-api';
import type { Limits } from './limits.js';
import type { WorkerStderr } from './worker-stderr.js';

/** One script run, as the embedder (the runtime) asks for it. */
export interface RunRequest {
  /** The script's body: it runs as the body of a function, so it may `return` a value. */
  source: string;
  /** Shown in error locations instead of `script.js`. */
  filename?: string;
  /** The run's context entity (default of `sys.data.createRecord()`). */
  entity?: string;
  /** Who the run acts as; only the worker host interprets it. */
  as?: string;
  /** JSON values that become script variables, by name. */
  params?: Record<string, unknown>;
  /** Records that become `sys.data.Record` variables, by name (hooks get `record`, `oldRecord`). */
  records?: Record<string, WireRecord>;
  /** Overrides of the executor's default limits for this run. */
  limits?: Partial<Limits>;
  /** Answer the `records` variables as the script left them (`RunOutcome.records`): hooks edit `record`. */
  returnRecords?: boolean;
  /** How deep in a chain of hook runs this run is (0 for a top-level run); only the worker host reads it. */
  depth?: number;
  /**
   * Privileges the embedder grants this run, by name (`'quietWrites'`); only the worker host reads
   * them. A run has none unless given.
   */
  grants?: string[];
  /**
   * The journaled event and target an after-hook run delivers; only the worker host reads it (it
   * records the delivery in the run's own transaction, so a hook's effects happen once).
   */
  delivery?: { seq: number; target: string };
  /**
   * The queued job this run executes and the claim it holds; only the worker host reads it (it
   * marks the job finished in the run's own transaction, so a job's effects commit once).
   */
  job?: { id: string; claim: string };
}

/** Why a run failed: a coded error with the script's own location when there is one. */
export interface ScriptError {
  code: string;
  message: string;
  errors?: FieldError[];
  info?: Record<string, unknown>;
  /** The script's file name as shown to its author (`script.js` or `RunRequest.filename`). */
  file?: string;
  line?: number;
  column?: number;
  /** Only frames of the script itself. */
  stack?: string;
}

/** What one run cost. */
export interface RunStats {
  wallMs: number;
  cpuMs: number;
  hostCalls: number;
  argBytes: number;
  resultBytes: number;
  heapUsedBytes: number;
  /** Index of the worker process that ran it. */
  worker: number;
}

/** The end of a run: its value (JSON-safe) or its error, with its logs and stats either way. */
export type RunOutcome =
  | {
      ok: true;
      value: unknown;
      logs: LogEntry[];
      stats: RunStats;
      effects: unknown;
      /** The `records` variables at the end of the run, when the request set `returnRecords`. */
      records?: Record<string, WireRecord>;
    }
  | { ok: false; error: ScriptError; logs: LogEntry[]; stats: RunStats };

/** The end of a nested run: like a RunOutcome, without effects (the outer run finishes the work). */
export type NestedOutcome =
  | {
      ok: true;
      value: unknown;
      logs: LogEntry[];
      stats: Omit<RunStats, 'worker'>;
      records?: Record<string, WireRecord>;
    }
  | { ok: false; error: ScriptError; logs: LogEntry[]; stats: Omit<RunStats, 'worker'> };

/**
 * What a worker process offers its host, as the second argument of `createWorkerHost`.
 */
export interface WorkerTools {
  /**
   * Runs another script synchronously while a run is in progress, from inside one of its host
   * calls (a before-hook inside the `sys.data.save` that triggered it). The script gets its own
   * isolate (one per nesting depth) and context; its `sys` calls go to `host.dispatch`, usually the
   * outer run's, so they share its transaction; `host.finish` is never called. Its limits are the
   * outer run's, overridden by `req.limits`, and its wall time never outlasts the outer run's.
   * Called outside a run, it fails with `systemException`.
   */
  runNested(req: RunRequest, host: RunHost): NestedOutcome;
}

/** The default export of `host.module`: builds the worker host once per worker process. */
export type WorkerHostFactory = (config: unknown, tools: WorkerTools) => WorkerHost;

/**
 * The host side of one worker process, created by the default export of `host.module`
 * (`createWorkerHost(config, tools)`, see `WorkerHostFactory`). It never sees user code, only op calls.
 */
export interface WorkerHost {
  /** The app schema handed to the bootstrap. */
  schema(): AppSchema;
  /**
   * Starts a run. `deadline` (epoch ms) is when its wall time ends, replays included: a host
   * bounds its waits (locks, a busy database) by it, so the run fails with a coded error before
   * the sandbox ends it.
   */
  beginRun(req: RunRequest & { runId: string; deadline?: number }): RunHost;
  close(): void;
}

/** The host side of one run. */
export interface RunHost {
  /** Serves one `sys` call; throws a WardenError for failures the script may see. */
  dispatch(op: SysOpName, args: unknown[]): unknown;
  // A dispatch may also throw `requestReplay(reason)`: the runner then restarts the run once.
  /** Commits (`ok`) or rolls back the run; returns after-commit effects for the outcome. */
  finish(ok: boolean, value?: unknown): unknown; // value: what a successful run returned
  /**
   * Undoes everything the run did so far (its writes, locks, cursors and journaled events), so
   * that it can start again. A host that offers it lets the sandbox defer a run's saves: when a
   * batch of them fails, the script runs again from the start with every save sent at its call.
   */
  restart?(): void;
  /**
   * What the host holds for the run between its calls: open result sets and the bytes they keep
   * (rows, keyset positions). The sandbox reads it after each call that opens or pages a result
   * set and ends the run past `maxOpenCursors` or `maxHostBytes`.
   */
  held?(): { cursors: number; bytes: number };
}

/** When a worker replaces its isolate. */
export interface RecycleOptions {
  /** Runs served by one isolate (default 100). */
  maxRuns?: number;
  /** Fraction of the memory limit the used heap may reach after a run (default 0.8). */
  heapRatio?: number;
}

/** Options of `createExecutor`. */
export interface ExecutorOptions {
  /** Worker processes (1–64). */
  workers: number;
  /** `module`: absolute path of the worker host module; `config`: JSON handed to its factory. */
  host: { module: string; config: unknown };
  limits?: Partial<Limits>;
  recycle?: RecycleOptions;
  /**
   * Send a run's saves in batches while its body runs (default true; only with a host that can
   * `restart` a run, which a failed batch replays). False sends every save at its call.
   */
  deferSaves?: boolean;
  /**
   * Where each worker process's stderr goes: V8's report when an isolate runs out of heap, a host
   * module that failed to load, whatever the host module writes. `'inherit'` (default) writes it
   * as it comes to this process's stderr; a function receives it line by line with the worker's
   * index, so that an embedder can log it with its own output (the runtime sends it to its logger).
   */
  workerStderr?: WorkerStderr;
  /**
   * Replaces the built-in bootstrap (the `sys` API) with another function body of `$0, $1, $2`.
   * For tests of the engine itself; it is trusted code.
   */
  bootstrap?: string;
}

/** One worker process, as `Executor.stats()` shows it. */
export interface WorkerStats {
  index: number;
  pid: number | null;
  /** Running a script, or replacing its isolate after a run (it takes no run meanwhile). */
  busy: boolean;
  /** Runs finished by this slot, across restarts. */
  runs: number;
  /** Times the process was replaced (killed, crashed). */
  restarts: number;
  /** Isolates created by the current process. */
  isolates: number;
}

/** A pool of worker processes that run scripts. */
export interface Executor {
  /** Runs a script on a free worker (queued while all are busy). Rejects only for a bad request. */
  run(req: RunRequest): Promise<RunOutcome>;
  /** Ends the workers gracefully; queued runs fail. */
  close(): Promise<void>;
  stats(): { workers: WorkerStats[]; queued: number };
}
