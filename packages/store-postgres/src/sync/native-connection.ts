import { createRequire } from 'node:module';
import type { PgError, SyncConnection } from './sync-connection.js';
import { textParam } from './sync-connection.js';

interface NativeClient {
  connectSync(url: string): void;
  querySync(text: string, values?: (string | null)[]): Record<string, unknown>[];
  pq: { cmdTuples(): string; resultErrorFields(): Record<string, string> | null };
  end(): void;
}

/**
 * A synchronous connection over libpq's blocking calls (`pg-native`'s `querySync`): the calling
 * thread is blocked inside libpq until the server answers. Needs the optional `pg-native` addon.
 */
export function openNativeConnection(url: string): SyncConnection {
  const Client = createRequire(import.meta.url)('pg-native') as new () => NativeClient;
  const client = new Client();
  client.connectSync(url);
  const backendPid = Number(client.querySync('SELECT pg_backend_pid() AS pid')[0]?.pid);
  return {
    backendPid,
    query<R>(text: string, params: readonly unknown[] = []) {
      let rows: R[];
      try {
        rows = client.querySync(text, params.map(textParam)) as R[];
      } catch (error) {
        // pg-native throws the message alone; the SQLSTATE and constraint are in the result's fields.
        const fields = client.pq.resultErrorFields() ?? {};
        const message = fields.messagePrimary ?? (error as Error).message.trim();
        throw Object.assign(new Error(message), {
          code: fields.sqlState,
          constraint: fields.constraintName,
        }) as PgError;
      }
      return { rows, rowCount: Number(client.pq.cmdTuples() || rows.length) };
    },
    close: () => client.end(),
  };
}
