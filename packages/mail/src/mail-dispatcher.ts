import { randomUUID } from 'node:crypto';
import { badRequest } from '@warden/sys-api';
import Database from 'better-sqlite3';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy } from './backoff.js';
import { describeValue, isPlainObject } from './describe-value.js';
import { createOutboxQueue, type OutboxQueue } from './outbox-queue.js';
import { ensureOutboxSchema, type OutboxRow } from './outbox-schema.js';
import { createTransport, type Transport, type TransportSpec } from './transport.js';

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
  busyTimeoutMs?: number;
  logger?: MailLogger;
}

/** What one `drain()` did. */
export interface DeliveryReport {
  sent: number;
  failed: number;
  dead: number;
}

/** Delivers the outbox in the background, and on demand. */
export interface MailDispatcher {
  /** Polls every `pollMs` until `stop()`. */
  start(): void;
  /** Runs a pass now (call it after a commit that enqueued mail). */
  kick(): void;
  /** Delivers everything due now; passes never overlap. */
  drain(): Promise<DeliveryReport>;
  /** Stops polling, waits for the pass in flight, closes the connection. */
  stop(): Promise<void>;
}

/*
 * Delivery is at least once, and exactly once in every case but one. A row is claimed (one atomic
 * UPDATE) before it is sent, so concurrent dispatchers never send it twice, and every attempt
 * carries the row's stable Message-ID. The window: if this process dies, or cannot record the
 * result, after the server accepted a mail but before `sent` is written, the lease runs out and the
 * mail is sent again with the same Message-ID (receivers may use it to drop the duplicate). A send
 * that outlives its lease can likewise overlap a retry; SMTP timeouts are kept well under the lease.
 */
class SqliteMailDispatcher implements MailDispatcher {
  #db: Database.Database;
  #queue: OutboxQueue;
  #transport: Transport;
  #ownsTransport: boolean;
  #retry: RetryPolicy;
  #pollMs: number;
  #batchSize: number;
  #leaseMs: number;
  #logger: MailLogger;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #stopped = false;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: MailDispatcherOptions) {
    this.#retry = resolveRetryPolicy(options.retry);
    this.#pollMs = positiveInt('pollMs', options.pollMs, 1000);
    this.#batchSize = positiveInt('batchSize', options.batchSize, 10);
    this.#leaseMs = positiveInt('leaseMs', options.leaseMs, 5 * 60_000);
    const busyTimeoutMs = positiveInt('busyTimeoutMs', options.busyTimeoutMs, 5000);
    this.#logger = options.logger ?? {};
    this.#db = new Database(options.database, { timeout: busyTimeoutMs });
    try {
      this.#db.pragma('journal_mode = WAL');
      ensureOutboxSchema(this.#db);
      this.#queue = createOutboxQueue(this.#db);
      this.#ownsTransport = !isTransport(options.transport);
      this.#transport = isTransport(options.transport)
        ? options.transport
        : createTransport(options.transport);
    } catch (err) {
      this.#db.close();
      throw err;
    }
  }

  start(): void {
    if (this.#stopped || this.#started) return;
    this.#started = true;
    this.#schedule(0);
  }

  kick(): void {
    if (!this.#stopped) this.#schedule(0);
  }

  drain(): Promise<DeliveryReport> {
    if (this.#stopped) return Promise.reject(badRequest('drain: the mail dispatcher is stopped'));
    const pass = this.#tail.then(() => this.#deliverDue());
    this.#tail = pass.catch(() => undefined);
    return pass;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#tail;
    this.#db.close();
    if (this.#ownsTransport) this.#transport.close();
  }

  // One pending timer at most: kicks that arrive together coalesce into one pass.
  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), delayMs);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    try {
      await this.drain();
    } catch (err) {
      this.#logger.warn?.('mail: delivery pass failed', { error: (err as Error).message });
    }
    if (this.#started && !this.#stopped) this.#schedule(this.#pollMs);
  }

  // `dueBy` is fixed at the start, so mails that fail during this drain wait for a later one.
  async #deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, dead: 0 };
    const dueBy = Date.now();
    while (!this.#stopped) {
      const token = randomUUID();
      const now = Date.now();
      const rows = this.#queue.claim({
        dueBy,
        now,
        leaseUntil: now + this.#leaseMs,
        token,
        limit: this.#batchSize,
      });
      if (rows.length === 0) break;
      for (const outcome of await Promise.all(rows.map((row) => this.#deliver(row, token))))
        report[outcome]++;
    }
    return report;
  }

  async #deliver(row: OutboxRow, token: string): Promise<keyof DeliveryReport> {
    let messageId: string;
    try {
      ({ messageId } = await this.#transport.send({
        id: row.id,
        messageId: row.message_id,
        from: row.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
      }));
    } catch (err) {
      return this.#recordFailure(row, token, err);
    }
    // Should this write fail, the row stays `sending` and is retried when the lease ends.
    if (!this.#queue.markSent(row.id, token, messageId || row.message_id, Date.now())) {
      this.#logger.warn?.('mail: sent after its claim was lost; it may be delivered twice', { id: row.id });
    }
    this.#logger.info?.('mail: sent', { id: row.id, attempts: row.attempts });
    return 'sent';
  }

  #recordFailure(row: OutboxRow, token: string, err: unknown): 'failed' | 'dead' {
    const dead = row.attempts >= this.#retry.maxAttempts;
    const next = dead ? null : Date.now() + backoffDelay(row.attempts, this.#retry);
    const error = describeError(err);
    this.#queue.markFailed(row.id, token, error, next);
    this.#logger.warn?.(dead ? 'mail: dead' : 'mail: failed', { id: row.id, attempts: row.attempts, error });
    return dead ? 'dead' : 'failed';
  }
}

/** Starts nothing yet: opens its own connection to `database` and waits for `start()`, `kick()` or `drain()`. */
export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  if (!isPlainObject(options)) {
    throw badRequest(`createMailDispatcher: options must be an object, got ${describeValue(options)}`);
  }
  if (typeof options.database !== 'string' || !options.database) {
    throw badRequest(
      `createMailDispatcher: database must be a file path, got ${describeValue(options.database)}`,
    );
  }
  if (options.transport === undefined) throw badRequest('createMailDispatcher: transport is required');
  return new SqliteMailDispatcher(options);
}

function isTransport(value: unknown): value is Transport {
  return (
    typeof (value as Transport | null)?.send === 'function' &&
    typeof (value as Transport).close === 'function'
  );
}

function positiveInt(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 1) {
    throw badRequest(`createMailDispatcher: ${name} must be a positive integer, got ${describeValue(value)}`);
  }
  return value as number;
}

// Transports scrub credentials from their errors; this keeps the stored text short and plain.
function describeError(err: unknown): string {
  const { message, code } =
    err instanceof Error ? (err as Error & { code?: unknown }) : { message: String(err), code: undefined };
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
