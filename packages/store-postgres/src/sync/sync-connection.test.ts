import { usePgDatabase } from '@warden/store-postgres/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDriverThread } from './driver-thread.js';
import { openNativeConnection } from './native-connection.js';
import type { PgError, SyncConnection } from './sync-connection.js';

const db = usePgDatabase();

describe.skipIf(!db.available).each([
  ['pg-native (libpq)', openNativeConnection],
  ['driver thread', openDriverThread],
])('synchronous connection: %s', (_name, open) => {
  let conn: SyncConnection;
  beforeAll(() => {
    conn = open(db.url());
  });
  afterAll(() => conn.close());

  it('answers rows with parsed types and counts touched rows', () => {
    conn.query('CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, n integer, doc jsonb, ok boolean)');
    conn.query('DELETE FROM kv');
    const insert = conn.query('INSERT INTO kv VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)', [
      'a',
      1,
      JSON.stringify({ x: [1, 'ü'] }),
      true,
      'b',
      2,
      null,
      false,
    ]);
    expect(insert.rowCount).toBe(2);
    const { rows } = conn.query('SELECT k, n, doc, ok FROM kv ORDER BY k');
    expect(rows).toEqual([
      { k: 'a', n: 1, doc: { x: [1, 'ü'] }, ok: true },
      { k: 'b', n: 2, doc: null, ok: false },
    ]);
    expect(conn.query('UPDATE kv SET n = n + 1').rowCount).toBe(2);
  });

  it('throws the server error with its SQLSTATE and stays usable', () => {
    conn.query('CREATE TABLE IF NOT EXISTS uq (k text PRIMARY KEY)');
    conn.query('INSERT INTO uq VALUES ($1) ON CONFLICT DO NOTHING', ['x']);
    let error: PgError | undefined;
    try {
      conn.query('INSERT INTO uq VALUES ($1)', ['x']);
    } catch (e) {
      error = e as PgError;
    }
    expect(error?.code).toBe('23505');
    expect(conn.query('SELECT 1 AS one').rows).toEqual([{ one: 1 }]);
  });

  it('is a session of its own whose end the server sees', async () => {
    const other = new pg.Client({ connectionString: db.url() });
    await other.connect();
    const probe = open(db.url());
    const pid = probe.backendPid;
    expect(pid).toBeGreaterThan(0);
    const seen = async () =>
      (await other.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0].n;
    expect(await seen()).toBe(1);
    probe.close();
    await expect.poll(seen, { timeout: 5000 }).toBe(0);
    await other.end();
  });
});
