// Splits one host call's worker-side cost without an isolate: the store alone, the runtime's
// dispatch (binds + store), and the sandbox's host bridge around it (budget, JSON, byte counts).
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/host-side-costs.ts [calls]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '@warden/sandbox';
import { openStore } from '@warden/store';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { internalModule } from './internal-module.js';

const calls = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'warden-host-costs-'));
const database = join(dir, 'host.db');
const seed = openStore({ database, app: BENCH_APP });
const ids = seed.transaction(() =>
  Array.from({ length: 20_000 }, (_, i) => seed.insert('items', itemAt(i)).id!),
);
seed.close();

// The bridge, budget and log sink are internal to the sandbox: reached beside its entry point, as
// profiled-worker-host.ts reaches the runtime's worker host (a profiling shortcut, not an API).
const { createHostBridge } = await internalModule('@warden/sandbox', './host-bridge.ts');
const { createRunBudget } = await internalModule('@warden/sandbox', './run-budget.ts');
const { createLogSink } = await internalModule('@warden/sandbox', './log-sink.ts');

const createWorkerHost = (await internalModule('@warden/runtime', './worker-host.ts')).default;
const host = createWorkerHost({ database, app: BENCH_APP, busyTimeoutMs: 30_000, passwords: {} });
const direct = openStore({ database, app: BENCH_APP });

function time(name: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 2000; i++) fn(i + 10_000_000);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) fn(i);
  const us = ((performance.now() - t0) * 1000) / calls;
  console.log(`${name.padEnd(40)} ${us.toFixed(2)} µs/call`);
}

for (let round = 0; round < 3; round++) {
  const entry = (i: number) => ({ name: `e${round}-${i}`, n: i, tag: 't' });
  const wire = (i: number) => ({ entity: 'entries', id: null, version: 0, label: null, fields: entry(i) });
  direct.begin();
  time('store.findById', (i) => direct.findById('items', ids[i % 1000]!));
  time('store.save (insert)', (i) => direct.save('entries', { ...wire(i), id: null }));
  direct.rollback();
  const run = host.beginRun({ runId: `r${round}`, source: '' });
  time('runHost.dispatch(data.findById)', (i) => run.dispatch('data.findById', ['items', ids[i % 1000]]));
  time('runHost.dispatch(data.save)', (i) => run.dispatch('data.save', [wire(i + calls * 2), null]));
  const bridge = createHostBridge(
    createRunBudget(DEFAULT_LIMITS, () => process.hrtime.bigint()),
    createLogSink(DEFAULT_LIMITS.maxLogBytes),
    run,
    () => {},
  );
  time('bridge.dispatch(data.findById)', (i) =>
    bridge.dispatch('data.findById', `["items","${ids[i % 1000]}"]`),
  );
  run.finish(false);
  // A fresh run, so that the bridge's saves start from the same table as the others.
  const run2 = host.beginRun({ runId: `s${round}`, source: '' });
  const bridge2 = createHostBridge(
    createRunBudget(DEFAULT_LIMITS, () => process.hrtime.bigint()),
    createLogSink(DEFAULT_LIMITS.maxLogBytes),
    run2,
    () => {},
  );
  time('bridge.dispatch(data.save)', (i) =>
    bridge2.dispatch('data.save', JSON.stringify([wire(i + calls * 4), null])),
  );
  run2.finish(false);
}
direct.close();
host.close();
rmSync(dir, { recursive: true, force: true });
