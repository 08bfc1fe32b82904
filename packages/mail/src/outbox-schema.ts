import type BetterSqlite3 from 'better-sqlite3';

/** The life of an outbox row: `pending → sending → sent | failed (retried) → dead`. */
export type MailState = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

/** Every mail state, in life order. */
export const MAIL_STATES: readonly MailState[] = ['pending', 'sending', 'sent', 'failed', 'dead'];

/** One outbox row as `list()` shows it. A sensitive mail never shows its body. */
export interface OutboxEntry {
  id: string;
  /** Epoch milliseconds. */
  createdAt: number;
  to: string;
  from: string;
  subject: string;
  /** Null for a sensitive mail (hidden before sending, erased after). */
  text: string | null;
  html: string | null;
  /** The template it was rendered from, or null for a raw mail. */
  template: string | null;
  state: MailState;
  attempts: number;
  /** When the next delivery attempt is due (epoch ms). */
  nextAttemptAt: number;
  lastError: string | null;
  sentAt: number | null;
  /** The stable Message-ID header of this mail, the same on every attempt. */
  messageId: string;
  sensitive: boolean;
}

/** A row exactly as stored. */
export interface OutboxRow {
  id: string;
  created_at: number;
  to: string;
  from: string;
  subject: string;
  text: string | null;
  html: string | null;
  template: string | null;
  state: MailState;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  claim_token: string | null;
  last_error: string | null;
  sent_at: number | null;
  message_id: string;
  sensitive: 0 | 1;
}

// `to` and `from` are SQL keywords, so they are always quoted. `lease_until` and `claim_token`
// belong to a `sending` row only: the dispatcher that holds the claim, and until when.
const DDL = `
CREATE TABLE IF NOT EXISTS mail_outbox (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  "to" TEXT NOT NULL,
  "from" TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT,
  html TEXT,
  template TEXT,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  claim_token TEXT,
  last_error TEXT,
  sent_at INTEGER,
  message_id TEXT NOT NULL,
  sensitive INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (state, next_attempt_at);
`;

/** Creates the outbox table and its index when missing; safe on every open. */
export function ensureOutboxSchema(db: BetterSqlite3.Database): void {
  db.exec(DDL);
}

/** Maps a stored row to its public shape, hiding a sensitive body. */
export function toEntry(row: OutboxRow): OutboxEntry {
  const hidden = row.sensitive === 1;
  return {
    id: row.id,
    createdAt: row.created_at,
    to: row.to,
    from: row.from,
    subject: row.subject,
    text: hidden ? null : row.text,
    html: hidden ? null : row.html,
    template: row.template,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
    messageId: row.message_id,
    sensitive: hidden,
  };
}
