// Measures the in-isolate side of a host call alone: the real bootstrap in a bare isolate whose
// dispatch answers a canned envelope (no worker, no store), with isolated-vm's CPU profiler on.
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/profile-bootstrap.ts
//          [calls] [--call-bind] [--array-first]
// The flags try proposals on a copy of the bootstrap (see bootstrap-patches.ts).
import { BOOTSTRAP_SOURCE } from '@warden/sandbox';
import ivm from 'isolated-vm';
import { patchBootstrap } from './bootstrap-patches.js';
import { CANNED_SCRIPTS, cannedHost, readyRun } from './canned-host.js';
import { printTopSelf } from './isolate-profile.js';

const calls = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const source = patchBootstrap(BOOTSTRAP_SOURCE, process.argv);

const { schemaJson, itemId, answer } = cannedHost();

const SCRIPTS = ['findByIdVal', 'findById', 'save', 'count'] as const;

const isolate = new ivm.Isolate({ memoryLimit: 64 });
const bootstrap = isolate.compileScriptSync(`(function ($0, $1, $2) {${source}\n})`);

for (const name of SCRIPTS) {
  for (const profiled of [false, true]) {
    const context = isolate.createContextSync();
    const user = isolate.compileScriptSync(`(function (id, count) {${CANNED_SCRIPTS[name]}\n})`);
    const run = readyRun(context, bootstrap, answer, schemaJson, user, [itemId, calls]);
    if (profiled) isolate.startCpuProfiler(name);
    const cpu0 = isolate.cpuTime;
    const t0 = performance.now();
    const out = run();
    const wall = performance.now() - t0;
    const cpu = Number(isolate.cpuTime - cpu0) / 1e6;
    if (!String(out).startsWith('{"ok":true')) throw new Error(`profile-bootstrap: ${out}`);
    if (!profiled) {
      console.log(
        `${name}: ${((wall * 1000) / calls).toFixed(2)} µs/call wall, ${((cpu * 1000) / calls).toFixed(2)} µs/call isolate CPU`,
      );
    } else {
      const [thread] = await isolate.stopCpuProfiler(name);
      printTopSelf(thread!.profile, 12);
    }
    context.release();
  }
}
isolate.dispose();
