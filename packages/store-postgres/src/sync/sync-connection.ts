/** The rows of one statement and how many rows it touched. */
export interface SyncResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number;
}

/**
 * One PostgreSQL session reached synchronously: each call returns when the server answered. The
 * record store runs on it inside a worker, where scripts' `sys` calls are synchronous.
 */
export interface SyncConnection {
  /** Runs one statement with `$1…` parameters; throws the server's error (with its `code`). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): SyncResult<R>;
  /** The server's process id of this session (`pg_backend_pid()`), e.g. to end it in tests. */
  readonly backendPid: number;
  /** Ends the session; its advisory locks and open transaction end with it. */
  close(): void;
}

/** A PostgreSQL error as the drivers give it: the SQLSTATE `code` and the server's message. */
export interface PgError extends Error {
  code?: string;
  constraint?: string;
}

/** Parameters as text, the form both drivers send (jsonb values are JSON text already). */
export function textParam(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}
