// The floor under a sandboxed host call, layer by layer, in one process (a worker's, minus its
// IPC), for a save (`OP=save`, the default) or a point read (`OP=findById`):
// - direct: the store's API in a loop (the bench's baseline);
// - host loop: the host work of one bridge call (saves: JSON arguments, `saveRow`, the stored row
//   as JSON; reads: the stored row's JSON), from a plain loop;
// - bare isolate (saves only): a loop in an isolate that builds the fields and crosses once per
//   save to that host work: no bootstrap, no records, no checks. What any isolate design pays;
// - bare isolate, 8 and 64 per crossing (saves only): the same, the fields of 8 or 64 saves per
//   crossing: the floor of a design that defers saves and sends them in batches;
// - host loop, warden host / bare, warden host: the same loops served by Warden's host side, the
//   sandbox's bridge (budget, JSON) over the runtime's dispatch (argument checks, binds);
// - minimal api, warden host (saves only): the bench's script on the leanest record API (no checks,
//   no schema, no read form) in a fresh context per run, on Warden's host side;
// - warden: the bench's script through the sandbox's runner and bootstrap, on the runtime's host.
// Usage: [OP=findById] node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/crossing-floor.ts [calls] [rounds]
// ONLY=<subject> runs one subject alone: under cachegrind, two call counts and a diff give
// instructions and cache misses per call. CHECK=1 prints the records stored after each round.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@warden/store';
import ivm from 'isolated-vm';
import { bareSaveHost, createBareSaveLoop } from '../baselines/bare-isolate.js';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { summarize } from '../harness/stats.js';
import { CREATE_SAVE_STEP } from '../workloads/data-create-save.js';
import { internalModule } from './internal-module.js';
import { openWorkerSide, TOOL_LIMITS } from './worker-side.js';

const [calls = 10_000, rounds = 9] = process.argv.slice(2).map(Number);
const op = process.env.OP ?? 'save';
const dir = mkdtempSync(join(tmpdir(), 'warden-crossing-floor-'));
const database = join(dir, 'floor.db');
const store = openStore({ database, app: BENCH_APP });
const ids = store.transaction(() =>
  Array.from({ length: 20_000 }, (_, i) => store.insert('items', itemAt(i)).id!),
);

const { createHostBridge } = await internalModule('@warden/sandbox', './host-bridge.ts');
const { createRunBudget } = await internalModule('@warden/sandbox', './run-budget.ts');
const { createLogSink } = await internalModule('@warden/sandbox', './log-sink.ts');
const worker = await openWorkerSide(database, store.schema);

/** Warden's host side for the length of one run: the bridge a run's bootstrap calls. */
let bridge: { dispatch(op: string, argsJson: string): string } | null = null;
const withWardenHost = (loop: () => void) => () => {
  const runHost = worker.host.beginRun({ source: '', runId: `b${Math.random()}` });
  const budget = createRunBudget(TOOL_LIMITS, () => process.hrtime.bigint());
  bridge = createHostBridge(budget, createLogSink(1e6), runHost, () => {});
  loop();
  runHost.finish(true);
};

/** The arguments of call `i` of each op, built alike in the host loops and (as source) in the bare isolate. */
const ARGS: Record<string, { host: (i: number) => unknown[]; isolate: string }> = {
  save: {
    host: (i) => [{ entity: 'entries', id: null, version: 0, label: null, fields: itemAt(i, 'entry') }, null],
    isolate: `[{ entity: 'entries', id: null, version: 0, label: null, fields: { name: 'entry-' + i, n: i % 1000, tag: 't' + (i % 10) } }, null]`,
  },
  findById: {
    host: (i) => ['items', ids[(i * 7919) % ids.length]],
    isolate: `['items', ids[(i * 7919) % ids.length]]`,
  },
};
const SCRIPTS: Record<string, string> = {
  save: `for (var i = 0; i < count; i++) {${CREATE_SAVE_STEP}
}`,
  findById: `var s = 0; for (var i = 0; i < count; i++) s += sys.data.findById('items', ids[(i * 7919) % ids.length]).field('n').val(); return s;`,
};
const args = ARGS[op];
if (!args) throw new Error(`crossing-floor: OP must be one of ${Object.keys(ARGS).join(', ')}`);
const idAt = (i: number) => args.host(i)[1] as string;

// The bare loop in its own isolate, its crossing served by Warden's host side.
const isolate = new ivm.Isolate({ memoryLimit: 128 });
const context = isolate.createContextSync();
const wardenHostCall = new ivm.Callback((name: string, argsJson: string) => bridge!.dispatch(name, argsJson));
context.global.setSync('$call', wardenHostCall);
const bridgedLoop = isolate
  .compileScriptSync(`(function (count, ids) {
    for (var i = 0; i < count; i++) JSON.parse($call('data.${op}', JSON.stringify(${args.isolate})));
  })`)
  .runSync(context, { reference: true });
const idsCopy = new ivm.ExternalCopy(ids);

// The leanest record API the bench's script can run on (no checks, no schema, no read form), in a
// fresh context per run as Warden's, so that its per-run warm-up is counted: what is left for any
// `sys.data` implementation once the crossing and Warden's host side are paid.
const MINIMAL_API = `
function Rec(entity) { this.entity = entity; this.id = null; this.version = 0; this.label = null; this.fields = {}; }
Rec.prototype.field = function (path) { return new Field(this, path); };
function Field(rec, path) { this.rec = rec; this.path = path; }
Field.prototype.val = function (value) {
  if (arguments.length === 0) return this.rec.fields[this.path];
  this.rec.fields[this.path] = value;
};
var sys = { data: {
  createRecord: function (entity) { return new Rec(entity); },
  save: function (r) {
    var wire = { entity: r.entity, id: r.id, version: r.version, label: r.label, fields: r.fields };
    var answer = JSON.parse($call('data.save', JSON.stringify([wire, null])));
    if (answer.ok !== true) throw new Error(answer.message);
    var row = answer.value;
    r.id = row.id; r.version = row.version; r.label = row.label; r.fields = row.data;
    return r;
  },
} };`;
const minimalApi = isolate.compileScriptSync(MINIMAL_API);
const minimalScript = isolate.compileScriptSync(`(function (count) {${SCRIPTS.save}\n})`);
const minimalRun = () => {
  const fresh = isolate.createContextSync();
  fresh.global.setSync('$call', wardenHostCall);
  minimalApi.runSync(fresh);
  minimalScript.runSync(fresh, { reference: true }).applySync(undefined, [calls]);
  fresh.release();
};

const wardenRun = () => worker.run(SCRIPTS[op]!, { count: calls, ids });

const hostLoop = (each: (i: number) => void) => () => {
  for (let i = 0; i < calls; i++) each(i);
};
const bare = createBareSaveLoop(store);
const bare8 = createBareSaveLoop(store, 8);
const bare64 = createBareSaveLoop(store, 64);
const bareHost = bareSaveHost(store);

/** Each subject makes `calls` calls; `inStore` ones run inside a transaction of `store`. */
const subjects: Record<string, { run: () => void; inStore: boolean }> =
  op === 'save'
    ? {
        direct: {
          inStore: true,
          run: hostLoop((i) =>
            store.save('entries', { id: null, version: 0, label: null, fields: itemAt(i, 'entry') }),
          ),
        },
        'host loop': {
          inStore: true,
          run: hostLoop((i) => JSON.parse(bareHost('entries', JSON.stringify(itemAt(i, 'entry'))))),
        },
        'bare isolate': { inStore: true, run: () => bare.run('entries', calls) },
        'bare isolate, 8 per crossing': { inStore: true, run: () => bare8.run('entries', calls) },
        'bare isolate, 64 per crossing': { inStore: true, run: () => bare64.run('entries', calls) },
      }
    : {
        direct: { inStore: true, run: hostLoop((i) => store.findById('items', idAt(i))) },
        'host loop': {
          inStore: true,
          run: hostLoop((i) => JSON.parse(store.findRowJsonById('items', idAt(i))!)),
        },
      };
Object.assign(subjects, {
  'host loop, warden host': {
    inStore: false,
    run: withWardenHost(
      hostLoop((i) => JSON.parse(bridge!.dispatch(`data.${op}`, JSON.stringify(args.host(i))))),
    ),
  },
  'bare, warden host': {
    inStore: false,
    run: withWardenHost(() => bridgedLoop.applySync(undefined, [calls, idsCopy.copyInto()])),
  },
  ...(op === 'save' && { 'minimal api, warden host': { inStore: false, run: withWardenHost(minimalRun) } }),
  warden: { inStore: false, run: wardenRun },
});

const only = process.env.ONLY;
const names = Object.keys(subjects).filter((name) => !only || name === only);
if (names.length === 0) throw new Error(`crossing-floor: no subject '${only}'`);
const times = new Map(names.map((name) => [name, [] as number[]]));
for (let round = -1; round < rounds; round++) {
  for (const name of names) {
    const { run, inStore } = subjects[name]!;
    store.transaction(() => store.deleteMany('entries', {}));
    const started = performance.now();
    if (inStore) store.transaction(run);
    else run();
    if (process.env.CHECK) console.log(name, 'saved', store.count('entries', {}));
    if (round >= 0) times.get(name)!.push(((performance.now() - started) * 1000) / calls);
  }
}
const baseline = summarize(times.get('direct') ?? times.get(names[0]!)!).median;
for (const [name, samples] of times) {
  const s = summarize(samples);
  const ratio = ((baseline / s.median) * 100).toFixed(0);
  const spread = `p10 ${s.p10.toFixed(1)}, p90 ${s.p90.toFixed(1)}`;
  console.log(`${name.padEnd(30)} ${s.median.toFixed(1)} µs/${op} (${spread}), ${ratio}% of direct`);
}
worker.host.close();
store.close();
rmSync(dir, { recursive: true, force: true });
