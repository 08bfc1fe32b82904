import { randomUUID } from 'node:crypto';
import { badRequest, holderGone, processHolder } from '@warden/sys-api';
import Database from 'better-sqlite3';
import { backoffDelay } from './backoff.js';
import {
  type DispatcherSettings,
  type MailDispatcherOptions,
  resolveDispatcherOptions,
} from './dispatcher-options.js';
import { createOutboxQueue, type OutboxQueue } from './outbox-queue.js';
import { ensureOutboxSchema, type OutboxRow } from './outbox-schema.js';
import { createTransport, type Transport } from './transport.js';

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
  #settings: DispatcherSettings;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #stopped = false;
  #tail: Promise<unknown> = Promise.resolve();
  /** Names this process in every claim, so a restarted host can tell the holder is gone. */
  #holder = processHolder();
  /** A sensitive body was erased since the last complete scrub of the WAL. */
  #unscrubbed = false;

  constructor(settings: DispatcherSettings) {
    this.#settings = settings;
    this.#db = new Database(settings.database, { timeout: settings.busyTimeoutMs });
    try {
      this.#db.pragma('journal_mode = WAL');
      // Erasing a sensitive body zeroes its bytes instead of leaving them in free page space.
      this.#db.pragma('secure_delete = ON');
      ensureOutboxSchema(this.#db);
      this.#queue = createOutboxQueue(this.#db);
      this.#ownsTransport = !isTransport(settings.transport);
      this.#transport = isTransport(settings.transport)
        ? settings.transport
        : createTransport(settings.transport);
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
      this.#settings.logger.warn?.('mail: delivery pass failed', { error: (err as Error).message });
    }
    if (this.#started && !this.#stopped) this.#schedule(this.#settings.pollMs);
  }

  // `dueBy` is fixed at the start, so mails that fail during this drain wait for a later one.
  async #deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, dead: 0 };
    const { batchSize, leaseMs } = this.#settings;
    const dueBy = Date.now();
    // Mail held by a process that is gone (a crashed host on this machine) need not wait out its lease.
    const gone = this.#queue.holders().filter(holderGone);
    while (!this.#stopped && this.#queue.hasDue(dueBy, Date.now(), gone)) {
      const token = `${this.#holder}:${randomUUID()}`;
      const rows = await this.#write(() => {
        const now = Date.now();
        return this.#queue.claim({ dueBy, now, leaseUntil: now + leaseMs, token, limit: batchSize, gone });
      });
      if (rows.length === 0) break;
      // Settle every send before going on, so no write lands after stop() closed the connection.
      for (const outcome of await Promise.allSettled(rows.map((row) => this.#deliver(row, token)))) {
        if (outcome.status === 'rejected') throw outcome.reason;
        report[outcome.value]++;
      }
    }
    if (this.#unscrubbed && !this.#stopped) this.#scrub();
    return report;
  }

  // Old WAL frames still hold an erased body (a reset code, a generated password) until the WAL is
  // truncated. Best effort under the short busy timeout: a busy database leaves it to the next pass.
  #scrub(): void {
    try {
      const [result] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      this.#unscrubbed = result?.busy !== 0;
    } catch {
      this.#unscrubbed = true;
    }
  }

  // Script runs in the workers hold the write lock for a whole run. The busy timeout is kept short
  // so the host's event loop is never blocked for long; the wait goes on here, asynchronously,
  // for at most half a lease.
  async #write<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + this.#settings.leaseMs / 2;
    for (let attempt = 1; ; attempt++) {
      try {
        return fn();
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250, 5 * attempt)));
      }
    }
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
    if (
      !(await this.#write(() => this.#queue.markSent(row.id, token, messageId || row.message_id, Date.now())))
    ) {
      this.#settings.logger.warn?.('mail: sent after its claim was lost; it may be delivered twice', {
        id: row.id,
      });
    }
    if (row.sensitive === 1) this.#unscrubbed = true;
    this.#settings.logger.info?.('mail: sent', { id: row.id, attempts: row.attempts });
    return 'sent';
  }

  async #recordFailure(row: OutboxRow, token: string, err: unknown): Promise<'failed' | 'dead'> {
    const dead = row.attempts >= this.#settings.retry.maxAttempts;
    const next = dead ? null : Date.now() + backoffDelay(row.attempts, this.#settings.retry);
    const error = describeError(err);
    await this.#write(() => this.#queue.markFailed(row.id, token, error, next));
    if (dead && row.sensitive === 1) this.#unscrubbed = true;
    this.#settings.logger.warn?.(dead ? 'mail: dead' : 'mail: failed', {
      id: row.id,
      attempts: row.attempts,
      error,
    });
    return dead ? 'dead' : 'failed';
  }
}

/** Starts nothing yet: opens its own connection to `database` and waits for `start()`, `kick()` or `drain()`. */
export function createMailDispatcher(options: MailDispatcherOptions): MailDispatcher {
  return new SqliteMailDispatcher(resolveDispatcherOptions(options));
}

function isTransport(value: unknown): value is Transport {
  return (
    typeof (value as Transport | null)?.send === 'function' &&
    typeof (value as Transport).close === 'function'
  );
}

// Transports scrub credentials from their errors; this keeps the stored text short and plain.
function describeError(err: unknown): string {
  const { message, code } =
    err instanceof Error ? (err as Error & { code?: unknown }) : { message: String(err), code: undefined };
  const text = typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
