import type { EntityDef } from '@warden/store/backend';
import { type FieldError, validationErrors, WardenError } from '@warden/sys-api';
import { uniqueIndexName } from './pg-schema.js';
import type { PgError } from './sync/sync-connection.js';

const UNIQUE_MESSAGE = 'must be unique, another record has this value';

/** SQLSTATEs a run may meet under concurrency: its caller retries the run or reports it. */
const RETRYABLE: Record<string, string> = {
  '40001': 'a concurrent transaction changed the same data (serialization failure)',
  '40P01': 'a deadlock with another transaction was broken by the database',
  '55P03': 'a lock was not granted in time',
};

/** The field whose unique index `error` violated, as the store's validation error; null otherwise. */
export function uniqueViolation(entity: EntityDef, table: string, error: unknown): FieldError | null {
  const e = error as PgError;
  if (e?.code !== '23505') return null;
  for (const [name, def] of Object.entries(entity.fields)) {
    if (def.unique && e.constraint === uniqueIndexName(table, name))
      return { field: name, code: 'unique', message: UNIQUE_MESSAGE };
  }
  return {
    field: e.constraint?.endsWith('_pkey') ? 'id' : '(record)',
    code: 'unique',
    message: UNIQUE_MESSAGE,
  };
}

/**
 * A driver error as a coded WardenError naming the call, never SQL: unique violations become
 * `validationErrors`, concurrency failures `timeout` with `info.retry`, the rest `systemException`
 * with the SQLSTATE. WardenErrors pass through.
 */
export function pgError(call: string, error: unknown, entity?: { def: EntityDef; table: string }): unknown {
  if (error instanceof WardenError) return error;
  const e = error as PgError;
  if (entity) {
    const field = uniqueViolation(entity.def, entity.table, error);
    if (field) return validationErrors([field]);
  }
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && RETRYABLE[code]) {
    return new WardenError('timeout', `${call}: ${RETRYABLE[code]}`, {
      info: { sqlState: code, retry: true },
    });
  }
  return new WardenError(
    'systemException',
    `${call}: the database failed${code ? ` (SQLSTATE ${code})` : ''}`,
    {
      info: { sqlState: code ?? null },
    },
  );
}
