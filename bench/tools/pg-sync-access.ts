// How a worker reaches PostgreSQL synchronously, per statement: libpq's blocking calls
// (pg-native querySync), a driver thread (pg in a worker thread, the caller on Atomics.wait), and
// the async pg driver awaited directly as the floor. A point select by primary key and an insert,
// each inside one open transaction (a run's shape), on a throwaway cluster on loopback.
// Usage: node --conditions=@warden/source --import tsx bench/tools/pg-sync-access.ts [rounds]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@warden/store';
import {
  openDriverThread,
  openNativeConnection,
  openPgStore,
  type RecordStore,
  type SyncConnection,
} from '@warden/store-postgres';
import { createTestDatabase, startCluster } from '@warden/store-postgres/testing';
import pg from 'pg';

const ROWS = 10_000;
const N = 3_000;
const rounds = Number(process.argv[2] ?? 3);
const cluster = process.env.WARDEN_PG_URL ? null : await startCluster();
const db = await createTestDatabase(
  process.env.WARDEN_PG_URL ?? (cluster as { url: string }).url,
  'warden_bench',
);
const ids = Array.from({ length: ROWS }, () => randomUUID());

const setup = new pg.Client({ connectionString: db.url });
await setup.connect();
await setup.query(
  'CREATE TABLE t (id text PRIMARY KEY, version integer NOT NULL, label text, data jsonb NOT NULL)',
);
await setup.query(
  `INSERT INTO t SELECT id, 1, 'row ' || n, jsonb_build_object('n', n, 'name', 'row ' || n)
   FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n)`,
  [ids],
);
await setup.query('ANALYZE t');

const SELECT = 'SELECT id, version, label, data FROM t WHERE id = $1';
const INSERT = 'INSERT INTO t (id, version, label, data) VALUES ($1, 1, $2, $3)';
const row = (i: number) => [randomUUID(), `new ${i}`, JSON.stringify({ n: i, name: `new ${i}` })];

type Timings = Record<string, { select: number[]; insert: number[] }>;
const timings: Timings = {};
const record = (name: string, kind: 'select' | 'insert', us: number) => {
  timings[name] ??= { select: [], insert: [] };
  timings[name][kind].push(us);
};

function runSync(name: string, conn: SyncConnection): void {
  conn.query('BEGIN');
  for (let i = 0; i < 300; i++) conn.query(SELECT, [ids[(i * 7919) % ROWS]]);
  let t = performance.now();
  for (let i = 0; i < N; i++) conn.query(SELECT, [ids[(i * 7919) % ROWS]]);
  record(name, 'select', ((performance.now() - t) * 1000) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) conn.query(INSERT, row(i));
  record(name, 'insert', ((performance.now() - t) * 1000) / N);
  conn.query('ROLLBACK');
}

async function runAsync(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  for (let i = 0; i < 300; i++) await client.query(SELECT, [ids[(i * 7919) % ROWS]]);
  let t = performance.now();
  for (let i = 0; i < N; i++) await client.query(SELECT, [ids[(i * 7919) % ROWS]]);
  record('pg async (floor)', 'select', ((performance.now() - t) * 1000) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) await client.query(INSERT, row(i));
  record('pg async (floor)', 'insert', ((performance.now() - t) * 1000) / N);
  await client.query('ROLLBACK');
}

const thread = openDriverThread(db.url);
const native = openNativeConnection(db.url);
for (let r = 0; r < rounds; r++) {
  await runAsync(setup);
  runSync('driver thread (Atomics.wait)', thread);
  runSync('pg-native querySync (libpq)', native);
}
thread.close();
native.close();

// The same two operations through the record stores (validation, coercion, labels included).
const APP = {
  name: 'bench',
  baseUrl: 'https://b.example.com',
  entities: { items: { label: 'name', fields: { name: { type: 'text' }, n: { type: 'integer' } } } },
};
function runStore(name: string, store: RecordStore): void {
  store.begin();
  const made = Array.from(
    { length: 1000 },
    (_, i) => store.insert('items', { name: `item ${i}`, n: i }).id as string,
  );
  let t = performance.now();
  for (let i = 0; i < N; i++) store.findById('items', made[(i * 7919) % made.length] as string);
  record(name, 'select', ((performance.now() - t) * 1000) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) store.insert('items', { name: `new ${i}`, n: i });
  record(name, 'insert', ((performance.now() - t) * 1000) / N);
  store.rollback();
}
const dir = mkdtempSync(join(tmpdir(), 'warden-pg-bench-'));
const stores: [string, RecordStore][] = [
  ['store: sqlite (findById / insert)', openStore({ database: join(dir, 'b.db'), app: APP })],
  ['store: postgres, pg-native', openPgStore({ database: db.url, app: APP, driver: 'native' })],
  ['store: postgres, driver thread', openPgStore({ database: db.url, app: APP, driver: 'thread' })],
];
for (let r = 0; r < rounds; r++) for (const [name, store] of stores) runStore(name, store);
for (const [, store] of stores) store.close();
rmSync(dir, { recursive: true, force: true });
await setup.end();
await db.drop();
cluster?.stop();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
console.log(`per statement, median of ${rounds} rounds of ${N}, µs (inside one transaction)`);
console.log(`${'access'.padEnd(32)} ${'point select'.padStart(13)} ${'insert'.padStart(9)}`);
for (const [name, t] of Object.entries(timings)) {
  console.log(
    `${name.padEnd(32)} ${median(t.select).toFixed(1).padStart(13)} ${median(t.insert).toFixed(1).padStart(9)}`,
  );
}
