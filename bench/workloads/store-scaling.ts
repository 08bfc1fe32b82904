import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '@warden/store';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { compare } from '../harness/compare.js';
import { peakRss } from '../harness/memory.js';
import type { Report } from '../harness/report.js';
import { formatBytes, formatMs, formatRate } from '../harness/stats.js';
import { detail, pick, type Workload } from '../harness/workload.js';

const BATCH = 50_000;
const SAMPLE = 10_000;

/**
 * The record store at scale, through its own API: load 1M records, then point lookups (`findById`,
 * `findOne` by a unique field) within 2× of the same lookups at 10k records, and a full cursor
 * scan of 1M records in bounded memory.
 */
export const storeScaling: Workload = {
  name: 'scaling',
  async run(env, report) {
    const [smallCount, bigCount] = pick(env, [10_000, 1_000_000], [2_000, 20_000]);
    const small = load(join(env.dir, 'scaling-small.db'), smallCount, report);
    const big = load(join(env.dir, 'scaling-big.db'), bigCount, report);
    try {
      const lookups = pick(env, 20_000, 2_000);
      for (const kind of ['findById', 'findOne'] as const) {
        // The two tables hold different records, so their sums differ: nothing to cross-check.
        // Inside a transaction, as a run's lookups are.
        const subject = (s: Loaded) => () => void s.store.transaction(() => lookup(s, kind, lookups));
        const m = await compare(
          { small: subject(small), big: subject(big) },
          { warmup: 1, rounds: env.short ? 1 : 5, ops: lookups },
        );
        const ratio = m.big!.perOp.median / m.small!.perOp.median;
        report.rows.push({
          workload: `store \`${kind}\`${kind === 'findOne' ? ' by a unique field' : ''} at ${count(bigCount)} vs ${count(smallCount)} records`,
          warden: `${formatMs(m.big!.perOp.median)} (${count(bigCount)}) / ${formatMs(m.small!.perOp.median)} (${count(smallCount)})`,
          direct: '(store API)',
          ratio: `${ratio.toFixed(2)}×`,
          target: { text: `≤ 2× the time at ${count(smallCount)}`, met: (v) => v <= 2 },
          value: ratio,
        });
        report.notes.push(
          detail(`${kind} at ${count(smallCount)}`, m.small!),
          detail(`${kind} at ${count(bigCount)}`, m.big!),
        );
      }
      scan(big, report);
    } finally {
      small.store.close();
      big.store.close();
    }
  },
};

interface Loaded {
  store: Store;
  total: number;
  /** Every k-th id and its index, for lookups spread over the whole table. */
  ids: string[];
  indexes: number[];
}

/** Loads `total` items through `store.insert`, BATCH per transaction, and reports the time. */
function load(database: string, total: number, report: Report): Loaded {
  const store = openStore({ database, app: BENCH_APP });
  const every = Math.max(1, Math.floor(total / SAMPLE));
  const ids: string[] = [];
  const indexes: number[] = [];
  const started = performance.now();
  for (let from = 0; from < total; from += BATCH) {
    store.transaction(() => {
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const { id } = store.insert('items', itemAt(i));
        if (i % every === 0) {
          ids.push(id!);
          indexes.push(i);
        }
      }
    });
  }
  const ms = performance.now() - started;
  report.notes.push(
    `store load: ${count(total)} records through \`store.insert\` in transactions of ${count(BATCH)}: ` +
      `${formatMs(ms)} (${formatRate((total / ms) * 1000)}), file ${formatBytes(fileSize(database) + fileSize(`${database}-wal`))}`,
  );
  return { store, total, ids, indexes };
}

function lookup(s: Loaded, kind: 'findById' | 'findOne', n: number): number {
  let sum = 0;
  for (let k = 0; k < n; k++) {
    // A multiplicative stride visits the sample in a scattered order (cache-unfriendly, like real traffic).
    const j = (k * 7919) % s.ids.length;
    const record =
      kind === 'findById'
        ? s.store.findById('items', s.ids[j]!)
        : s.store.findOne('items', { name: itemAt(s.indexes[j]!).name });
    if (!record) throw new Error(`bench: ${kind} found nothing for sample ${j}`);
    sum += record.fields.n as number;
  }
  return sum;
}

/** A full scan through the store's cursor, sampling memory as it goes. */
function scan(s: Loaded, report: Report): void {
  global.gc?.();
  const before = process.memoryUsage();
  const peakBefore = peakRss();
  let [rows, sum, maxRss, maxHeap] = [0, 0, before.rss, before.heapUsed];
  const started = performance.now();
  for (const record of s.store.find('items', {})) {
    sum += record.fields.n as number;
    if (++rows % 10_000 === 0) {
      const m = process.memoryUsage();
      [maxRss, maxHeap] = [Math.max(maxRss, m.rss), Math.max(maxHeap, m.heapUsed)];
    }
  }
  const ms = performance.now() - started;
  if (rows !== s.total) throw new Error(`bench: the scan saw ${rows} records, expected ${s.total}`);
  const growth = maxRss - before.rss;
  report.rows.push({
    workload: `store cursor scan of ${count(s.total)} records (RSS growth during the scan)`,
    warden: `${formatMs(ms)} (${formatMs(ms / rows)}/record)`,
    direct: '(store API)',
    ratio: formatBytes(growth),
    target: { text: 'bounded: RSS growth < 64 MB', met: (v) => v < 64 * 1024 * 1024 },
    value: growth,
  });
  report.notes.push(
    `cursor scan of ${count(rows)} records (sum ${sum}): RSS ${formatBytes(before.rss)} before, ` +
      `max ${formatBytes(maxRss)} during, ${formatBytes(process.memoryUsage().rss)} after; heap used ` +
      `${formatBytes(before.heapUsed)} before, max ${formatBytes(maxHeap)} during; peak RSS of the process ` +
      `${formatBytes(peakBefore)} before, ${formatBytes(peakRss())} after`,
  );
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const count = (n: number) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
