import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import type { TransportSpec } from '@warden/mail';
import type { Limits } from '@warden/sandbox';
import { badRequest } from '@warden/sys-api';
import type { AccountFlowOptions, ProviderSignInOptions, ScryptParams } from '@warden/users';
import type { DeliverySettings } from './event-dispatcher.js';
import { DEFAULT_RUNTIME_NAME } from './event-targets.js';
import { type JobsConfig, jobSettings, type ResolvedJobs } from './job-config.js';

/** How an embedder configures a runtime. Only `database` and `app` are required. */
export interface RuntimeConfig {
  /** Path of the SQLite database file; created when missing. */
  database: string;
  /** The app definition: a JSON file path or the object itself. */
  app: string | object;
  mail?: {
    /** `smtp://user:pass@host:port`, `file:///dir`, `{eml: dir}`; default: `.eml` files beside the database. */
    transport?: TransportSpec;
    /** Deliver queued mail from this process (default true). */
    dispatch?: boolean;
    retry?: { maxAttempts?: number; baseMs?: number; maxMs?: number };
    pollMs?: number;
    /** How long a dispatcher's claim on a mail holds when its holder cannot be seen to be gone (default 5 min). */
    leaseMs?: number;
  };
  /** Event delivery (docs/architecture.md, "Event delivery between processes"). */
  events?: {
    /** Deliver events from this process (default true). The CLI passes false: it only journals them. */
    deliver?: boolean;
    /** Which runtime's listeners this is (default 'main'): events for them wait for a runtime of this name. */
    name?: string;
    /** How often the journal is read for other processes' events and retries, ms (default 1000). */
    pollMs?: number;
    /** How long a claim on an event holds before another runtime may take it over, ms (default 30000). */
    leaseMs?: number;
    /** How long a listener may take before it counts as failed, ms (default 30000). */
    listenerTimeoutMs?: number;
    /** The first pause before retrying an after-hook whose worker died, ms (default 1000; doubles). */
    retryBaseMs?: number;
    /** Attempts of an after-hook whose worker keeps dying before it is recorded as failed (default 5). */
    maxAttempts?: number;
  };
  executor?: {
    /** Worker processes running scripts (default 2). */
    workers?: number;
    /** Runs an isolate serves before it is replaced (default 100). */
    maxRunsPerIsolate?: number;
    /** Send a run's saves in batches, replaying a run whose batch fails (default true; docs/architecture.md). */
    deferSaves?: boolean;
  };
  /** Default limits of every run; `run(…, {timeoutMs, limits})` overrides them. */
  limits?: Partial<Limits>;
  /** Bytes a stored record's data may take, whatever writes it (default 1 MiB; the store checks it). */
  maxRecordBytes?: number;
  /** scrypt cost of new password hashes (default OWASP: ln 17, r 8, p 1); old hashes keep verifying. */
  passwords?: Partial<ScryptParams>;
  hooks?: {
    /** How deep hooks may trigger hooks (default 5); deeper fails with a depth-limit error. */
    maxDepth?: number;
  };
  /** What scripts may do beyond the defaults (docs/architecture.md, "Threat model"). */
  scripts?: {
    /**
     * Let scripts write quietly: `sys.data.save(r, {triggerEvents: false})`, `{mode: 'lite'}` and
     * `sys.data.delete(…, {triggerEvents: false})`, which skip hooks and listeners that are not
     * enforced. Default false: scripts are untrusted, so they are refused with `forbidden`.
     * `run(…, {quietWrites})` decides for one run; after-hooks run with this default.
     */
    quietWrites?: boolean;
  };
  /**
   * Where after-hook and listener failures are logged, and what worker processes write to stderr,
   * one line per call prefixed `warden worker <index>: ` (default: stderr).
   */
  logger?: { error(message: string): void };
  /** How often accounts past their `expirationDate` are set INACTIVE (default 60000 ms; 0 turns it off). */
  expirySweepMs?: number;
  /**
   * Add Warden's tables to a database file that already holds another application's tables and
   * none of Warden's (default false: such a file is refused with `info.code: 'foreignDatabase'`).
   */
  adoptForeignDatabase?: boolean;
  /** The job queue and schedules (docs/architecture.md, "Jobs"). */
  jobs?: JobsConfig;
  /**
   * Account flows (`runtime.users.signUp`, MFA, access tokens): `secretKey` encrypts TOTP secrets
   * and signing keys at rest (keep it outside the database), `accessTokens` turns JWTs on.
   */
  users?: AccountFlowOptions;
  /** Provider sign-in: client secrets by provider name (else read from `clientSecretEnv`). */
  providers?: ProviderSignInOptions;
}

export interface ResolvedConfig {
  database: string;
  /** The database path as the embedder wrote it, for error messages. */
  databaseName: string;
  adoptForeignDatabase: boolean;
  app: string | object;
  mailTransport: TransportSpec;
  mailDispatch: boolean;
  mailRetry: { maxAttempts?: number; baseMs?: number; maxMs?: number };
  mailPollMs: number;
  mailLeaseMs: number | undefined;
  deliverEvents: boolean;
  events: DeliverySettings;
  workers: number;
  maxRunsPerIsolate: number;
  deferSaves: boolean;
  limits: Partial<Limits>;
  passwords: Partial<ScryptParams>;
  maxHookDepth: number;
  quietWrites: boolean;
  maxRecordBytes?: number;
  logger: { error(message: string): void };
  expirySweepMs: number;
  jobs: ResolvedJobs;
  users: AccountFlowOptions;
  providers: ProviderSignInOptions;
}

const stderrLogger = { error: (message: string) => void process.stderr.write(`${message}\n`) };

/** Checks the config at the boundary and fills the documented defaults. */
export function resolveConfig(config: RuntimeConfig): ResolvedConfig {
  if (!config || typeof config !== 'object') throw badRequest('createRuntime: config must be an object');
  if (typeof config.database !== 'string' || config.database === '') {
    throw badRequest('createRuntime: database must be the path of a SQLite file');
  }
  if (config.database === ':memory:') {
    throw badRequest('createRuntime: database must be a file, because worker processes share it');
  }
  if (typeof config.app !== 'string' && (typeof config.app !== 'object' || config.app === null)) {
    throw badRequest('createRuntime: app must be a file path or an app definition object');
  }
  const database = resolve(config.database);
  if (!existsSync(dirname(database))) mkdirSync(dirname(database), { recursive: true });
  const workers = config.executor?.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw badRequest(`createRuntime: executor.workers must be an integer from 1 to 64, got ${workers}`);
  }
  const maxHookDepth = config.hooks?.maxDepth ?? 5;
  if (!Number.isInteger(maxHookDepth) || maxHookDepth < 1 || maxHookDepth > 50) {
    throw badRequest(`createRuntime: hooks.maxDepth must be an integer from 1 to 50, got ${maxHookDepth}`);
  }
  const quietWrites = config.scripts?.quietWrites ?? false;
  if (typeof quietWrites !== 'boolean') {
    throw badRequest(`createRuntime: scripts.quietWrites must be true or false, got ${typeof quietWrites}`);
  }
  const expirySweepMs = config.expirySweepMs ?? 60_000;
  if (!Number.isInteger(expirySweepMs) || expirySweepMs < 0) {
    throw badRequest(`createRuntime: expirySweepMs must be a whole number of ms >= 0, got ${expirySweepMs}`);
  }
  if (config.logger !== undefined && typeof config.logger?.error !== 'function') {
    throw badRequest('createRuntime: logger must have an error(message) function');
  }
  if (config.adoptForeignDatabase !== undefined && typeof config.adoptForeignDatabase !== 'boolean') {
    throw badRequest('createRuntime: adoptForeignDatabase must be a boolean');
  }
  const { dir, name } = parse(database);
  return {
    database,
    databaseName: config.database,
    adoptForeignDatabase: config.adoptForeignDatabase ?? false,
    app: typeof config.app === 'string' ? resolve(config.app) : config.app,
    mailTransport: config.mail?.transport ?? { eml: join(dir, `${name}-mail`) },
    mailDispatch: config.mail?.dispatch ?? true,
    mailRetry: config.mail?.retry ?? {},
    mailPollMs: config.mail?.pollMs ?? 1000,
    mailLeaseMs: config.mail?.leaseMs,
    deliverEvents: config.events?.deliver ?? true,
    events: eventSettings(config.events ?? {}),
    workers,
    maxRunsPerIsolate: config.executor?.maxRunsPerIsolate ?? 100,
    deferSaves: config.executor?.deferSaves ?? true,
    limits: config.limits ?? {},
    passwords: config.passwords ?? {},
    maxHookDepth,
    quietWrites,
    ...(config.maxRecordBytes === undefined ? {} : { maxRecordBytes: config.maxRecordBytes }),
    logger: config.logger ?? stderrLogger,
    expirySweepMs,
    jobs: jobSettings(config.jobs),
    users: config.users ?? {},
    providers: config.providers ?? {},
  };
}

function eventSettings(events: NonNullable<RuntimeConfig['events']>): DeliverySettings {
  if (typeof events !== 'object' || events === null)
    throw badRequest('createRuntime: events must be an object');
  if (events.deliver !== undefined && typeof events.deliver !== 'boolean') {
    throw badRequest(`createRuntime: events.deliver must be a boolean, got ${typeof events.deliver}`);
  }
  const name = events.name ?? DEFAULT_RUNTIME_NAME;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(name)) {
    throw badRequest(
      'createRuntime: events.name must be 1 to 64 letters, digits, dots, dashes or underscores',
    );
  }
  const int = (key: keyof DeliverySettings, fallback: number, min: number) => {
    const value = events[key as keyof typeof events] ?? fallback;
    if (!Number.isInteger(value) || (value as number) < min) {
      throw badRequest(`createRuntime: events.${key} must be an integer >= ${min}, got ${String(value)}`);
    }
    return value as number;
  };
  return {
    name,
    pollMs: int('pollMs', 1000, 10),
    leaseMs: int('leaseMs', 30_000, 100),
    listenerTimeoutMs: int('listenerTimeoutMs', 30_000, 1),
    retryBaseMs: int('retryBaseMs', 1000, 1),
    maxAttempts: int('maxAttempts', 5, 1),
  };
}
