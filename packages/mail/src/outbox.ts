import { badRequest } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { checkRecipient, checkSender, domainOf } from './address.js';
import { describeValue, isPlainObject } from './describe-value.js';
import { type ComposedMail, composeRawMail, composeTemplateMail } from './mail-compose.js';
import {
  ensureOutboxSchema,
  MAIL_STATES,
  type MailState,
  type OutboxEntry,
  type OutboxRow,
  toEntry,
} from './outbox-schema.js';
import {
  type CompiledMailTemplate,
  compileTemplates,
  TEMPLATE_NAMES,
  type TemplateName,
} from './templates.js';

/** Options of `createOutbox`. */
export interface OutboxOptions {
  /** The sender: `no-reply@example.com` or `Example <no-reply@example.com>`. */
  from: string;
  /** The app's public URL; links with a code are built on it (`<baseUrl>/reset-password?code=…`). */
  baseUrl?: string | null;
  /** Shown in the built-in templates as `{{appName}}` (default `Warden`). */
  appName?: string;
  /** The app definition's `mail.templates`: overrides of the built-in templates. */
  templates?: unknown;
}

/** A mail rendered from a template. `sensitive` defaults to true for `welcome` and `reset`. */
export interface TemplateMailRequest {
  to: string;
  template: TemplateName;
  data: Record<string, unknown>;
  sensitive?: boolean;
}

/** A mail written by the caller. `sensitive` defaults to false. */
export interface RawMailRequest {
  to: string;
  subject: string;
  text: string;
  html?: string;
  sensitive?: boolean;
}

/** Which rows `list()` returns; newest first. */
export interface OutboxFilter {
  state?: MailState;
  /** 1..1000, default 100. */
  limit?: number;
  /** Only mails to this address (case-insensitive). */
  to?: string;
}

/** Which mails `retry()` re-queues: by default every dead one. */
export interface RetryFilter {
  /** `dead` (default) or `failed` (retry now instead of at its backoff time). */
  state?: 'dead' | 'failed';
  /** Only this mail. */
  id?: string;
  /** Only mails to this address (case-insensitive). */
  to?: string;
}

/** What `retry()` did. */
export interface RetryReport {
  /** Mails now `pending` again, due at once, with a fresh attempt count. */
  requeued: number;
  /** Sensitive mails whose body was erased when they died: they cannot be sent again. */
  skipped: number;
}

/** The write side of the mail outbox, bound to the caller's connection and transaction. */
export interface Outbox {
  /** Renders and stores a mail as `pending`; returns its id. Commits or rolls back with the caller. */
  enqueue(mail: TemplateMailRequest | RawMailRequest): string;
  /** Rows with their delivery state; a sensitive mail's body is never included. */
  list(filter?: OutboxFilter): OutboxEntry[];
  /** Re-queues mail that gave up (after an outage longer than the retry budget, say). */
  retry(filter?: RetryFilter): RetryReport;
}

const TEMPLATE_KEYS = new Set(['to', 'template', 'data', 'sensitive']);
const RAW_KEYS = new Set(['to', 'subject', 'text', 'html', 'sensitive']);
const SENSITIVE_BY_DEFAULT = new Set<TemplateName>(['welcome', 'reset']);

class SqliteOutbox implements Outbox {
  #db: BetterSqlite3.Database;
  #from: string;
  #domain: string;
  #appName: string;
  #baseUrl: string | null;
  #templates: Map<TemplateName, CompiledMailTemplate>;
  #insert: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database, options: OutboxOptions) {
    const sender = checkSender('createOutbox', 'options.from', options.from);
    this.#from = sender.from;
    this.#domain = domainOf(sender.address);
    this.#appName = checkAppName(options.appName);
    this.#baseUrl = checkBaseUrl(options.baseUrl);
    this.#templates = compileTemplates(options.templates);
    ensureOutboxSchema(db);
    // Sensitive bodies are erased once sent; every connection that writes the outbox (it moves
    // rows between pages) must zero freed space, or copies of them outlive the erasure.
    db.pragma('secure_delete = ON');
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO mail_outbox (id, created_at, "to", "from", subject, text, html, template, state,
         attempts, next_attempt_at, message_id, sensitive)
       VALUES (@id, @now, @to, @from, @subject, @text, @html, @template, 'pending', 0, @now, @messageId, @sensitive)`,
    );
  }

  enqueue(mail: TemplateMailRequest | RawMailRequest): string {
    if (!isPlainObject(mail)) throw badRequest(`enqueue: mail must be an object, got ${describeValue(mail)}`);
    const isTemplate = mail.template !== undefined;
    for (const key of Object.keys(mail)) {
      if (!(isTemplate ? TEMPLATE_KEYS : RAW_KEYS).has(key)) {
        throw badRequest(`enqueue: unknown key '${key}' in a ${isTemplate ? 'template' : 'raw'} mail`);
      }
    }
    const to = checkRecipient('enqueue', 'to', mail.to);
    const template = isTemplate ? this.#templateName(mail.template) : null;
    const sensitive = mail.sensitive ?? (template !== null && SENSITIVE_BY_DEFAULT.has(template));
    if (typeof sensitive !== 'boolean') {
      throw badRequest(`enqueue: sensitive must be a boolean, got ${describeValue(mail.sensitive)}`);
    }
    const composed: ComposedMail = template
      ? composeTemplateMail(template, this.#templates.get(template)!, (mail as TemplateMailRequest).data, {
          to,
          appName: this.#appName,
          baseUrl: this.#baseUrl,
        })
      : composeRawMail(mail as unknown as Record<string, unknown>);
    // One INSERT on the caller's connection: inside their transaction it commits or rolls back
    // with it; outside one it is atomic by itself, so no transaction is opened here.
    const id = uuidv7();
    this.#insert.run({
      id,
      now: Date.now(),
      to,
      from: this.#from,
      ...composed,
      template,
      messageId: `<${id}@${this.#domain}>`,
      sensitive: sensitive ? 1 : 0,
    });
    return id;
  }

  list(filter: OutboxFilter = {}): OutboxEntry[] {
    if (!isPlainObject(filter))
      throw badRequest(`list: filter must be an object, got ${describeValue(filter)}`);
    const { state, limit = 100, to } = filter as OutboxFilter;
    if (state !== undefined && !(MAIL_STATES as readonly unknown[]).includes(state)) {
      throw badRequest(`list: state must be one of ${MAIL_STATES.join(', ')}, got ${describeValue(state)}`);
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw badRequest(`list: limit must be an integer from 1 to 1000, got ${describeValue(limit)}`);
    }
    if (to !== undefined && typeof to !== 'string')
      throw badRequest(`list: to must be a string, got ${describeValue(to)}`);
    const where = [state ? 'state = @state' : '', to ? 'lower("to") = lower(@to)' : ''].filter(Boolean);
    const sql = `SELECT * FROM mail_outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`;
    const rows = this.#db.prepare(sql).all({ state, to, limit }) as OutboxRow[];
    return rows.map(toEntry);
  }

  retry(filter: RetryFilter = {}): RetryReport {
    if (!isPlainObject(filter))
      throw badRequest(`retry: filter must be an object, got ${describeValue(filter)}`);
    const { state = 'dead', id, to } = filter as RetryFilter;
    for (const key of Object.keys(filter)) {
      if (!['state', 'id', 'to'].includes(key)) throw badRequest(`retry: unknown filter key '${key}'`);
    }
    if (state !== 'dead' && state !== 'failed') {
      throw badRequest(`retry: state must be one of dead, failed, got ${describeValue(state)}`);
    }
    for (const [key, value] of [
      ['id', id],
      ['to', to],
    ] as const) {
      if (value !== undefined && typeof value !== 'string')
        throw badRequest(`retry: ${key} must be a string, got ${describeValue(value)}`);
    }
    const where = `state = @state${id ? ' AND id = @id' : ''}${to ? ' AND lower("to") = lower(@to)' : ''}`;
    // A sensitive mail that died has no body left (erased): nothing to send.
    const gone = 'sensitive = 1 AND text IS NULL AND html IS NULL';
    const params = { state, id, to, now: Date.now() };
    return this.#db.transaction(() => ({
      skipped: (this.#db
        .prepare(`SELECT count(*) FROM mail_outbox WHERE ${where} AND ${gone}`)
        .pluck()
        .get(params) ?? 0) as number,
      requeued: this.#db
        .prepare(
          `UPDATE mail_outbox SET state = 'pending', attempts = 0, next_attempt_at = @now, last_error = NULL
            WHERE ${where} AND NOT (${gone})`,
        )
        .run(params).changes,
    }))();
  }

  #templateName(value: unknown): TemplateName {
    if (!TEMPLATE_NAMES.includes(value as TemplateName)) {
      throw badRequest(
        `enqueue: template must be one of ${TEMPLATE_NAMES.join(', ')}, got ${describeValue(value)}`,
      );
    }
    return value as TemplateName;
  }
}

/**
 * Opens the mail outbox over a better-sqlite3 connection (usually `store.db`), creating the
 * `mail_outbox` table when missing. Templates are checked here, once.
 */
export function createOutbox(db: BetterSqlite3.Database, options: OutboxOptions): Outbox {
  if (typeof (db as { prepare?: unknown } | null)?.prepare !== 'function') {
    throw badRequest(`createOutbox: db must be a better-sqlite3 Database, got ${describeValue(db)}`);
  }
  if (!isPlainObject(options))
    throw badRequest(`createOutbox: options must be an object, got ${describeValue(options)}`);
  return new SqliteOutbox(db, options);
}

function checkAppName(value: unknown): string {
  if (value === undefined) return 'Warden';
  if (typeof value !== 'string' || !value.trim()) {
    throw badRequest(`createOutbox: options.appName must be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

function checkBaseUrl(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw badRequest(`createOutbox: options.baseUrl must be an http(s) URL, got ${describeValue(value)}`);
  }
  return value;
}
