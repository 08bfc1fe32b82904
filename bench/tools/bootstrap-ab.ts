// A/B of bootstrap variants: alternates directories of bootstrap .js files, rounds, min isolate CPU per call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleBootstrap } from '@warden/sandbox';
import ivm from 'isolated-vm';
import { CANNED_SCRIPTS, cannedHost, readyRun } from './canned-host.js';
import { printTopSelf } from './isolate-profile.js';

const src = (dir: string) => assembleBootstrap((f) => readFileSync(join(dir, f), 'utf8'));
const dirs = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const calls = Number(process.env.CALLS ?? 10000);
const { schemaJson, itemId, answer } = cannedHost();
const isolate = new ivm.Isolate({ memoryLimit: Number(process.env.MB ?? 128) });
const boots = dirs.map((d) => isolate.compileScriptSync(`(function ($0, $1, $2) {${src(d)}\n})`));
const burn = Number(process.env.BURN_US ?? 0);
// THRASH_KB: each answer first walks that much memory, as the host's own work between calls does.
const thrash = new Uint8Array(Number(process.env.THRASH_KB ?? 0) * 1024);
const dispatch = (op: string) => {
  for (let i = 0; i < thrash.length; i += 64) thrash[i]! += 1;
  if (burn) {
    const end = performance.now() + burn / 1000;
    while (performance.now() < end);
  }
  return answer(op);
};
const best: Record<string, number> = {};
const profiles: Promise<{ name: string; profile: ivm.CpuProfile }>[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 15); round++) {
  for (const [name, script] of Object.entries(CANNED_SCRIPTS)) {
    if (only && !only.split(',').includes(name)) continue;
    boots.forEach((bootstrap, b) => {
      const context = isolate.createContextSync();
      const user = isolate.compileScriptSync(`(function (id, count) {${script}\n})`);
      const run = readyRun(context, bootstrap, dispatch, schemaJson, user, [itemId, calls]);
      const profiled = process.env.PROFILE && round === 0 && b === boots.length - 1;
      if (profiled) isolate.startCpuProfiler(name);
      const cpu0 = isolate.cpuTime;
      const out = run();
      const cpu = Number(isolate.cpuTime - cpu0) / 1e6;
      if (profiled)
        profiles.push(isolate.stopCpuProfiler(name).then(([t]) => ({ name, profile: t!.profile })));
      if (!String(out).startsWith('{"ok":true')) throw new Error(`${dirs[b]} ${name}: ${out}`);
      const key = `${name} ${b}`;
      best[key] = Math.min(best[key] ?? Infinity, (cpu * 1000) / calls);
      context.release();
    });
  }
}
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(16), v.toFixed(2), 'µs');

for (const { name, profile } of await Promise.all(profiles)) {
  console.log(`-- ${name}`);
  printTopSelf(profile, 14);
}
