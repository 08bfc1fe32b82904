// The isolate side of one run of the `script` workload with cold code: in each round a fresh
// context runs the bootstrap and the script against canned answers (no worker, no store), and
// the isolate's CPU time is split into context creation, bootstrap, and the run itself.
// Usage: [PART=<part>] [ROUNDS=n] node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/script-cold.ts
// PART runs one piece of the script alone (all, findById200, find200, save51, count200, nothing,
// touch: the first use of sys, which builds the API in the context).
import { BOOTSTRAP_SOURCE } from '@warden/sandbox';
import ivm from 'isolated-vm';
import { DATA_HEAVY_SCRIPT } from '../workloads/data-heavy.js';
import { cannedHost, readyRun } from './canned-host.js';

const PARTS: Record<string, string> = {
  all: DATA_HEAVY_SCRIPT,
  findById200: `var s = 0; for (var i = 0; i < 200; i++) s += sys.data.findById('items', ids[i % ids.length]).field('n').val(); return s;`,
  find200: `var s = 0; var r = sys.data.find('items', { tag: 't3', _size: 200 }); while (r.hasNext()) s += r.next().field('n').val(); return s;`,
  save51: `for (var j = 0; j < 51; j++) { var e = sys.data.createRecord('entries'); e.field('name').val(prefix + j); e.field('n').val(j); sys.data.save(e); } return 1;`,
  count200: `var s = 0; for (var i = 0; i < 200; i++) s += sys.data.count('entries', { n: 1000 }); return s;`,
  nothing: 'return 1;',
  touch: 'return sys.data ? 1 : 0;',
};
const part = process.env.PART ?? 'all';
const rounds = Number(process.env.ROUNDS ?? 200);
if (!PARTS[part]) throw new Error(`script-cold: PART must be one of ${Object.keys(PARTS).join(', ')}`);

// The canned page is the last one (more: false), so the script's find loop ends; findOne answers a row.
const { schemaJson, itemId, answer } = cannedHost();
const lastPage = JSON.parse(answer('data.find'));
lastPage.value.more = false;
const answers: Record<string, string> = {
  'data.find': JSON.stringify(lastPage),
  'data.findOne': answer('data.findById'),
};
const dispatch = (op: string) => answers[op] ?? answer(op);

const isolate = new ivm.Isolate({ memoryLimit: 128 });
const bootstrap = isolate.compileScriptSync(`(function ($0, $1, $2) {${BOOTSTRAP_SOURCE}\n})`);
const script = isolate.compileScriptSync(`(function (ids, prefix) {${PARTS[part]}\n})`);
const phases: Record<string, number[]> = { context: [], bootstrap: [], run: [] };
const cpu = () => Number(isolate.cpuTime) / 1000;
for (let round = 0; round < rounds; round++) {
  const t0 = cpu();
  const context = isolate.createContextSync();
  const t1 = cpu();
  const run = readyRun(context, bootstrap, dispatch, schemaJson, script, [[itemId], 'p']);
  const t2 = cpu();
  const out = run();
  const t3 = cpu();
  if (!String(out).startsWith('{"ok":true')) throw new Error(`script-cold: the run failed: ${out}`);
  context.release();
  if (round < rounds / 10) continue; // warm-up: the isolate's first contexts
  phases.context!.push(t1 - t0);
  phases.bootstrap!.push(t2 - t1);
  phases.run!.push(t3 - t2);
}
for (const [name, v] of Object.entries(phases)) {
  v.sort((a, b) => a - b);
  const q = (p: number) => v[Math.floor(p * (v.length - 1))]!.toFixed(0);
  console.log(`${part} ${name.padEnd(10)} p10 ${q(0.1)}  median ${q(0.5)}  p90 ${q(0.9)} µs of isolate CPU`);
}
