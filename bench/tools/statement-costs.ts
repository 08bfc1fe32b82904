// What preparing a statement per call costs on the store's own tables: the same lookups and
// inserts with a statement prepared every time vs once, next to the store API's own figure.
// Usage: node --conditions=@warden/source --import tsx bench/tools/statement-costs.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@warden/store';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';

const dir = mkdtempSync(join(tmpdir(), 'warden-stmt-'));
const store = openStore({ database: join(dir, 's.db'), app: BENCH_APP });
const N = 20_000;
store.transaction(() => {
  for (let i = 0; i < N; i++) store.insert('items', itemAt(i));
});
const { db } = store;

const perCall = (label: string, n: number, fn: (i: number) => unknown) => {
  for (let i = 0; i < Math.min(n, 500); i++) fn(i); // warm-up
  const started = performance.now();
  store.transaction(() => {
    for (let i = 0; i < n; i++) fn(i);
  });
  console.log(
    `${label.padEnd(58)} ${(((performance.now() - started) * 1000) / n).toFixed(2).padStart(8)} µs`,
  );
};

const FIND = `SELECT id, version, label, data FROM rec_items WHERE json_extract(data, '$.name') = ? ORDER BY id DESC LIMIT ?`;
const name = (i: number) => `item-${(i * 7919) % N}`;
const cached = db.prepare(FIND);
perCall('findOne by unique name: prepare + get every call', 5_000, (i) => db.prepare(FIND).get(name(i), 1));
perCall('findOne by unique name: cached statement', 5_000, (i) => cached.get(name(i), 1));
perCall('findOne by unique name: store.findOne (store API)', 5_000, (i) =>
  store.findOne('items', { name: name(i) }),
);

const INSERT = 'INSERT INTO rec_entries (id, version, label, data) VALUES (?, 1, ?, ?)';
const insert = db.prepare(INSERT);
let serial = 0; // names stay unique across the warm-up and the timed loop
const row = (p: string) => [`${p}-${++serial}`, `${p}-${serial}`, JSON.stringify(itemAt(serial, p))];
perCall('insert: prepare + run every call', 5_000, () => db.prepare(INSERT).run(...row('a')));
perCall('insert: cached statement', 5_000, () => insert.run(...row('b')));
perCall('insert: store.insert (store API)', 2_000, () => store.insert('entries', itemAt(++serial, 'c')));
perCall('prepare alone (the findOne SQL)', 5_000, () => db.prepare(FIND));
console.log(db.prepare(`EXPLAIN QUERY PLAN ${FIND}`).all('x', 1));

store.close();
rmSync(dir, { recursive: true, force: true });
