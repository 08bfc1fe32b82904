// Measures the in-isolate side of a host call alone: the real bootstrap in a bare isolate whose
// dispatch answers a canned envelope (no worker, no store), with isolated-vm's CPU profiler on.
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/profile-bootstrap.ts
//          [calls] [--call-bind] [--array-first]
// The flags try proposals on a copy of the bootstrap (see bootstrap-patches.ts).
import { createRequire } from 'node:module';
import { BOOTSTRAP_SOURCE } from '@warden/sandbox';
import { patchBootstrap } from './bootstrap-patches.js';
import { cannedHost } from './canned-host.js';

// biome-ignore lint/suspicious/noExplicitAny: isolated-vm is the sandbox's dependency, loaded untyped here.
const ivm = createRequire(import.meta.resolve('@warden/sandbox'))('isolated-vm') as any;
const calls = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20_000);
const source = patchBootstrap(BOOTSTRAP_SOURCE, process.argv);

const { schemaJson, itemId, answer } = cannedHost();

const SCRIPTS: Record<string, string> = {
  'findById + field().val()': `var s = 0; for (var i = 0; i < count; i++) s += sys.data.findById('items', id).field('n').val(); return s;`,
  'findById only': `var r; for (var i = 0; i < count; i++) r = sys.data.findById('items', id); return 1;`,
  'createRecord + 3 val(x) + save': `for (var i = 0; i < count; i++) { var r = sys.data.createRecord('entries'); r.field('name').val('e' + i); r.field('n').val(i); r.field('tag').val('t'); sys.data.save(r); } return 1;`,
  'count (number result)': `var s = 0; for (var i = 0; i < count; i++) s += sys.data.count('items', {}); return s;`,
};

const isolate = new ivm.Isolate({ memoryLimit: 64 });
const bootstrap = isolate.compileScriptSync(`(function ($0, $1, $2) {${source}\n})`);

for (const [name, script] of Object.entries(SCRIPTS)) {
  for (const profiled of [false, true]) {
    const context = isolate.createContextSync();
    const boot = bootstrap.runSync(context, { reference: true });
    const enter = boot.applySync(
      undefined,
      [new ivm.Callback(answer), new ivm.Callback(() => {}), schemaJson],
      {
        result: { reference: true },
      },
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
    if (profiled) isolate.startCpuProfiler(name);
    const cpu0 = isolate.cpuTime;
    const t0 = performance.now();
    const out = enter.applySync(undefined, [runJson, user.derefInto()]);
    const wall = performance.now() - t0;
    const cpu = Number(isolate.cpuTime - cpu0) / 1e6;
    if (!String(out).startsWith('{"ok":true')) throw new Error(`profile-bootstrap: ${out}`);
    if (!profiled) {
      console.log(
        `${name}: ${((wall * 1000) / calls).toFixed(2)} µs/call wall, ${((cpu * 1000) / calls).toFixed(2)} µs/call isolate CPU`,
      );
    } else {
      const [thread] = await isolate.stopCpuProfiler(name);
      printTop(thread.profile, 12);
    }
    context.release();
  }
}
isolate.dispose();

// biome-ignore lint/suspicious/noExplicitAny: the CPU profile format of V8.
function printTop(profile: any, n: number): void {
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((node: { id: number }) => [node.id, node]));
  profile.samples.forEach((id: number, i: number) => {
    // biome-ignore lint/suspicious/noExplicitAny: a V8 profile node
    const frame = (byId.get(id) as any).callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`   ${((us / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
  }
}
