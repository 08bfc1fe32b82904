import { badRequest } from '@warden/sys-api';
import { type RetryPolicy, resolveRetryPolicy } from './backoff.js';
import { describeValue, isPlainObject } from './describe-value.js';
import type { Transport, TransportSpec } from './transport.js';

/** Where the dispatcher reports what it does. Nothing it logs holds a body or a credential. */
export interface MailLogger {
  info?(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
}

/** Options of `createMailDispatcher`. */
export interface MailDispatcherOptions {
  /** Path of the SQLite file that holds `mail_outbox`; the dispatcher opens its own connection. */
  database: string;
  /** A transport, or a spec to build one (then the dispatcher owns it and closes it on stop). */
  transport: Transport | TransportSpec;
  retry?: Partial<RetryPolicy>;
  /** Time between polls after `start()`, ms (default 1000). */
  pollMs?: number;
  /** Rows claimed and sent together (default 10). */
  batchSize?: number;
  /** How long a claim holds before another dispatcher may retake the row, ms (default 5 min). */
  leaseMs?: number;
  /** How long one SQLite call may block waiting for the write lock, ms (default 20); longer waits are asynchronous. */
  busyTimeoutMs?: number;
  logger?: MailLogger;
}

/** Every option checked and filled in. */
export interface DispatcherSettings {
  database: string;
  transport: Transport | TransportSpec;
  retry: RetryPolicy;
  pollMs: number;
  batchSize: number;
  leaseMs: number;
  busyTimeoutMs: number;
  logger: MailLogger;
}

/** Checks the options at the boundary, before anything is opened. */
export function resolveDispatcherOptions(options: unknown): DispatcherSettings {
  if (!isPlainObject(options)) {
    throw badRequest(`createMailDispatcher: options must be an object, got ${describeValue(options)}`);
  }
  const { database, transport, logger } = options;
  if (typeof database !== 'string' || !database) {
    throw badRequest(`createMailDispatcher: database must be a file path, got ${describeValue(database)}`);
  }
  if (transport === undefined || transport === null)
    throw badRequest('createMailDispatcher: transport is required');
  if (logger !== undefined && (typeof logger !== 'object' || logger === null)) {
    throw badRequest(`createMailDispatcher: logger must be an object, got ${describeValue(logger)}`);
  }
  return {
    database,
    transport: transport as Transport | TransportSpec,
    retry: resolveRetryPolicy(options.retry),
    pollMs: positiveInt('pollMs', options.pollMs, 1000),
    batchSize: positiveInt('batchSize', options.batchSize, 10),
    leaseMs: positiveInt('leaseMs', options.leaseMs, 5 * 60_000),
    busyTimeoutMs: positiveInt('busyTimeoutMs', options.busyTimeoutMs, 20),
    logger: (logger as MailLogger | undefined) ?? {},
  };
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw badRequest(`createMailDispatcher: ${name} must be a positive integer, got ${describeValue(value)}`);
  }
  return value as number;
}
