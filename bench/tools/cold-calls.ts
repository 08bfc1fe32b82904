// How the per-call cost of one op falls within a fresh context: the real bootstrap against canned
// answers, the host's clock read at every dispatch, medians over many contexts by call number.
// Shows the first call (first use of sys, the entity's schema, new hidden classes, ICs) apart
// from the calls that follow, which run in V8's interpreter and baseline tiers, never optimized.
// Usage: [ROUNDS=n] node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/cold-calls.ts [findById|save|count]
import { BOOTSTRAP_SOURCE } from '@warden/sandbox';
import ivm from 'isolated-vm';
import { summarize } from '../harness/stats.js';
import { CANNED_SCRIPTS, cannedHost, readyRun } from './canned-host.js';

const CALLS = 200;
const op = process.argv[2] ?? 'findById';
const source = CANNED_SCRIPTS[op === 'findById' ? 'findByIdVal' : op];
if (!source) throw new Error(`cold-calls: the op must be findById, save or count, got '${op}'`);
const rounds = Number(process.env.ROUNDS ?? 300);

const { schemaJson, itemId, answer } = cannedHost();
const isolate = new ivm.Isolate({ memoryLimit: 128 });
const bootstrap = isolate.compileScriptSync(`(function ($0, $1, $2) {${BOOTSTRAP_SOURCE}\n})`);
const user = isolate.compileScriptSync(`(function (id, count) {${source}\n})`);

// gaps[i]: from dispatch i-1 to dispatch i, the isolate's work around one call plus its crossing.
const gaps: number[][] = Array.from({ length: CALLS }, () => []);
for (let round = 0; round < rounds; round++) {
  const context = isolate.createContextSync();
  const stamps: bigint[] = [];
  const dispatch = (name: string) => {
    stamps.push(process.hrtime.bigint());
    return answer(name);
  };
  readyRun(context, bootstrap, dispatch, schemaJson, user, [itemId, CALLS])();
  context.release();
  if (round < rounds / 10) continue; // warm-up: the isolate's first contexts
  for (let i = 1; i < CALLS; i++) gaps[i]!.push(Number(stamps[i]! - stamps[i - 1]!) / 1000);
}

const median = (v: number[]) => summarize(v).median;
const shown = [1, 2, 3, 4, 5, 10, 20, 50, 100, CALLS - 1];
console.log(`${op}, µs from one call to the next (medians of ${Math.ceil(rounds * 0.9)} fresh contexts):`);
console.log(shown.map((i) => `#${i} ${median(gaps[i]!).toFixed(1)}`).join('  '));
let total = 0;
for (let i = 1; i < CALLS; i++) total += median(gaps[i]!);
console.log(`calls 1..${CALLS - 1}: ${total.toFixed(0)} µs in all`);
