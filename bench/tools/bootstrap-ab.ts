// A/B of bootstrap variants: alternates directories of bootstrap .js files, rounds, min isolate CPU per call.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assembleBootstrap } from '@warden/sandbox';
import { cannedHost } from './canned-host.js';

const ivm = createRequire(import.meta.resolve('@warden/sandbox'))('isolated-vm') as any;
const src = (dir: string) => assembleBootstrap((f) => readFileSync(join(dir, f), 'utf8'));
const dirs = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const calls = Number(process.env.CALLS ?? 10000);
const { schemaJson, itemId, answer } = cannedHost();
const SCRIPTS: Record<string, string> = {
  findByIdVal: `var s = 0; for (var i = 0; i < count; i++) s += sys.data.findById('items', id).field('n').val(); return s;`,
  findById: `var r; for (var i = 0; i < count; i++) r = sys.data.findById('items', id); return 1;`,
  save: `for (var i = 0; i < count; i++) { var r = sys.data.createRecord('entries'); r.field('name').val('e' + i); r.field('n').val(i); r.field('tag').val('t'); sys.data.save(r); } return 1;`,
  count: `var s = 0; for (var i = 0; i < count; i++) s += sys.data.count('items', {}); return s;`,
  findRow: `var r = sys.data.find('items', {}); var s = 0; for (var i = 0; i < count; i++) s += r.next().field('n').val(); return s;`,
};
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
const profiles: Promise<{ name: string; profile: any }>[] = [];
for (let round = 0; round < Number(process.env.ROUNDS ?? 15); round++) {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    if (only && !only.split(',').includes(name)) continue;
    boots.forEach((bootstrap: any, b: number) => {
      const context = isolate.createContextSync();
      const boot = bootstrap.runSync(context, { reference: true });
      const enter = boot.applySync(
        undefined,
        [new ivm.Callback(dispatch), new ivm.Callback(() => {}), schemaJson],
        { result: { reference: true } },
      );
      const user = isolate
        .compileScriptSync(`(function (id, count) {${script}\n})`)
        .runSync(context, { reference: true });
      const runJson = JSON.stringify({
        entity: null,
        args: [
          { kind: 'value', value: itemId },
          { kind: 'value', value: calls },
        ],
      });
      const profiled = process.env.PROFILE && round === 0 && b === boots.length - 1;
      if (profiled) isolate.startCpuProfiler(name);
      const cpu0 = isolate.cpuTime;
      const out = enter.applySync(undefined, [runJson, user.derefInto()]);
      const cpu = Number(isolate.cpuTime - cpu0) / 1e6;
      if (profiled)
        profiles.push(isolate.stopCpuProfiler(name).then(([t]: any) => ({ name, profile: t.profile })));
      if (!String(out).startsWith('{"ok":true')) throw new Error(`${dirs[b]} ${name}: ${out}`);
      const key = `${name} ${b}`;
      best[key] = Math.min(best[key] ?? Infinity, (cpu * 1000) / calls);
      context.release();
    });
  }
}
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(16), v.toFixed(2), 'µs');

for (const { name, profile } of await Promise.all(profiles)) {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node: any) => [node.id, node]));
  profile.samples.forEach((id: number, i: number) => {
    const frame = (byId.get(id) as any).callFrame;
    const key = `${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`-- ${name}`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 14))
    console.log(`   ${((us / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
