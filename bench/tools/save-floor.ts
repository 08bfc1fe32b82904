// The floor under a sandboxed save, layer by layer, in one process (a worker's, minus its IPC):
// - direct: `store.save` in a loop (the bench's baseline);
// - host loop: the host work of one bridge call (JSON arguments, `saveRow`, the stored row as
//   JSON), from a plain loop;
// - bare isolate: a loop in an isolate that builds the fields and crosses once per save to that
//   host work: no bootstrap, no records, no checks. What any isolate design pays;
// - host loop, warden host / bare, warden host: the same two loops served by Warden's host side,
//   the sandbox's bridge (budget, JSON) over the runtime's dispatch (argument checks, binds);
// - warden: the bench's script through the sandbox's runner and bootstrap, on the runtime's host.
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/save-floor.ts [saves] [rounds]
// ONLY=<subject> runs one subject alone: under cachegrind, two save counts and a diff give
// instructions and cache misses per save.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP_SOURCE, DEFAULT_LIMITS } from '@warden/sandbox';
import { openStore } from '@warden/store';
import ivm from 'isolated-vm';
import { bareSaveHost, createBareSaveLoop } from '../baselines/bare-isolate.js';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { summarize } from '../harness/stats.js';
import { internalModule } from './internal-module.js';

const [saves = 10_000, rounds = 9] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'warden-save-floor-'));
const database = join(dir, 'floor.db');
const store = openStore({ database, app: BENCH_APP });
const limits = { ...DEFAULT_LIMITS, wallMs: 600_000, cpuMs: 600_000, maxHostCalls: 1e9 };

const { createHostBridge } = await internalModule('@warden/sandbox', './host-bridge.ts');
const { createRunBudget } = await internalModule('@warden/sandbox', './run-budget.ts');
const { createLogSink } = await internalModule('@warden/sandbox', './log-sink.ts');
const { createIsolateRunner } = await internalModule('@warden/sandbox', './isolate-runner.ts');
const createWorkerHost = (await internalModule('@warden/runtime', './worker-host.ts')).default;
const host = createWorkerHost({ database, app: BENCH_APP, busyTimeoutMs: 30_000, passwords: {} });

/** Warden's host side for the length of one run: the bridge a run's bootstrap calls. */
let bridge: { dispatch(op: string, argsJson: string): string } | null = null;
const withWardenHost = (loop: () => void) => () => {
  const runHost = host.beginRun({ source: '', runId: `b${Math.random()}` });
  const budget = createRunBudget(limits, () => process.hrtime.bigint());
  bridge = createHostBridge(budget, createLogSink(1e6), runHost, () => {});
  loop();
  runHost.finish(true);
};

// The bare loop again, in its own isolate, its crossing served by Warden's host side.
const isolate = new ivm.Isolate({ memoryLimit: 128 });
const context = isolate.createContextSync();
context.global.setSync('$call', new ivm.Callback((op: string, args: string) => bridge!.dispatch(op, args)));
const bridgedLoop = isolate
  .compileScriptSync(`(function (count) {
    for (var i = 0; i < count; i++) {
      var fields = { name: 'entry-' + i, n: i % 1000, tag: 't' + (i % 10) };
      var wire = { entity: 'entries', id: null, version: 0, label: null, fields: fields };
      JSON.parse($call('data.save', JSON.stringify([wire, null])));
    }
  })`)
  .runSync(context, { reference: true });
const bare = createBareSaveLoop(store);
const bareHost = bareSaveHost(store);

const SCRIPT = `for (var i = 0; i < count; i++) {
  var record = sys.data.createRecord('entries');
  record.field('name').val('entry-' + i);
  record.field('n').val(i % 1000);
  record.field('tag').val('t' + (i % 10));
  sys.data.save(record);
}`;
const runner = createIsolateRunner({
  bootstrapSource: BOOTSTRAP_SOURCE,
  schemaJson: JSON.stringify(store.schema),
  maxRuns: 100,
  heapRatio: 0.8,
});
const wardenRun = () => {
  const req = { source: SCRIPT, params: { count: saves } };
  const runHost = host.beginRun({ ...req, runId: `r${Math.random()}` });
  const result = runner.run(req, limits, runHost);
  runHost.finish(result.ok);
  if (!result.ok) throw new Error(`save-floor: the run failed: ${JSON.stringify(result.error)}`);
};

/** Each subject saves `saves` records; `inStore` ones run inside a transaction of `store`. */
const subjects: Record<string, { run: () => void; inStore: boolean }> = {
  direct: {
    inStore: true,
    run: () => {
      for (let i = 0; i < saves; i++)
        store.save('entries', { id: null, version: 0, label: null, fields: itemAt(i, 'entry') });
    },
  },
  'host loop': {
    inStore: true,
    run: () => {
      for (let i = 0; i < saves; i++) JSON.parse(bareHost('entries', JSON.stringify(itemAt(i, 'entry'))));
    },
  },
  'bare isolate': { inStore: true, run: () => bare.run('entries', saves) },
  'host loop, warden host': {
    inStore: false,
    run: withWardenHost(() => {
      for (let i = 0; i < saves; i++) {
        const wire = { entity: 'entries', id: null, version: 0, label: null, fields: itemAt(i, 'entry') };
        JSON.parse(bridge!.dispatch('data.save', JSON.stringify([wire, null])));
      }
    }),
  },
  'bare, warden host': {
    inStore: false,
    run: withWardenHost(() => bridgedLoop.applySync(undefined, [saves])),
  },
  warden: { inStore: false, run: wardenRun },
};

const only = process.env.ONLY;
const names = Object.keys(subjects).filter((name) => !only || name === only);
if (names.length === 0) throw new Error(`save-floor: no subject '${only}'`);
const times = new Map(names.map((name) => [name, [] as number[]]));
for (let round = -1; round < rounds; round++) {
  for (const name of names) {
    const { run, inStore } = subjects[name]!;
    store.transaction(() => store.deleteMany('entries', {}));
    const started = performance.now();
    if (inStore) store.transaction(run);
    else run();
    if (round >= 0) times.get(name)!.push(((performance.now() - started) * 1000) / saves);
  }
}
const baseline = summarize(times.get('direct') ?? times.get(names[0]!)!).median;
for (const [name, samples] of times) {
  const s = summarize(samples);
  const ratio = ((baseline / s.median) * 100).toFixed(0);
  const spread = `p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)}`;
  console.log(`${name.padEnd(24)} ${s.median.toFixed(1)} µs/save (${spread}), ${ratio}% of direct`);
}
host.close();
store.close();
rmSync(dir, { recursive: true, force: true });
