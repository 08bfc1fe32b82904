// Profiles the worker side of one bench script: seeds a database through the store, runs the
// script on a one-worker executor whose host is the runtime's, wrapped in a CPU profiler, then
// prints where the worker's time went.
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/profile-worker.ts \
//          <findById|find|save|users|trivial|script|ping> [runs] [--no-profile] [--time-dispatch]
// --no-profile times the runs without the profiler; --time-dispatch measures the host's time per
// op inside the worker.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExecutor } from '@warden/sandbox';
import { openStore } from '@warden/store';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { DATA_HEAVY_SCRIPT } from '../workloads/data-heavy.js';

const SCRIPTS: Record<string, string> = {
  findById: `var s = 0; for (var i = 0; i < 20000; i++) s += sys.data.findById('items', ids[i % ids.length]).field('n').val(); return s;`,
  find: `var r = sys.data.find('items', {}); var s = 0; while (r.hasNext()) s += r.next().field('n').val(); return s;`,
  save: `for (var i = 0; i < 2000; i++) { var r = sys.data.createRecord('entries'); r.field('name').val(p + i); r.field('n').val(i); sys.data.save(r); } return 1;`,
  users: `var u = sys.data.findById('sys.users', uid); for (var i = 0; i < 1000; i++) u = i % 2 ? sys.users.activate(u) : sys.users.deactivate(u); return 1;`,
  trivial: 'return 1',
  // Short runs, each in a fresh context: the `script` workload's source.
  script: DATA_HEAVY_SCRIPT,
  // The fixed cost of a crossing: an op that does no database work (no current user: null).
  ping: `var n = 0; for (var i = 0; i < 20000; i++) if (sys.context.getCurrentUserId() === null) n++; return n;`,
};

const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const [which = 'findById', runsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const profiling = !flags.includes('--no-profile');
const source = SCRIPTS[which];
if (!source)
  throw new Error(`profile-worker: unknown script '${which}' (known: ${Object.keys(SCRIPTS).join(', ')})`);
const runs = Number(runsArg ?? (which === 'trivial' ? 2000 : 3));

const dir = mkdtempSync(join(tmpdir(), 'warden-profile-'));
const database = join(dir, 'profile.db');
const profile = join(dir, 'worker.cpuprofile');
const store = openStore({ database, app: BENCH_APP });
const ids = store.transaction(() =>
  Array.from({ length: 20_000 }, (_, i) => store.insert('items', itemAt(i)).id!),
);
const quiet = { sendWelcomeEmail: false, authentication: { generatePassword: false } };
const uid = store.insert('sys.users', { firstName: 'P', lastName: 'Q', email: 'p@example.com', ...quiet }).id;
store.close();

const executor = createExecutor({
  workers: 1,
  host: {
    module: fileURLToPath(new URL('./profiled-worker-host.ts', import.meta.url)),
    config: {
      database,
      app: BENCH_APP,
      busyTimeoutMs: 30_000,
      profile: profiling ? profile : null,
      timeDispatch: flags.includes('--time-dispatch'),
    },
  },
  limits: { wallMs: 600_000, cpuMs: 600_000 },
});
const started = performance.now();
for (let i = 0; i < runs; i++) {
  const sent = performance.now();
  const outcome = await executor.run({
    source,
    params: { ids: ids.slice(0, 1000), p: `r${i}-`, prefix: `r${i}-`, uid },
  });
  if (!outcome.ok) throw new Error(`profile-worker: the run failed: ${outcome.error.message}`);
  const { wallMs, cpuMs, hostCalls } = outcome.stats;
  const per = (ms: number) => `${((ms * 1000) / Math.max(hostCalls, 1)).toFixed(1)} µs`;
  const whole = (performance.now() - sent).toFixed(2);
  console.log(
    `run ${i}: ${whole} ms from the parent; in the worker: wall ${wallMs} ms, isolate CPU ${cpuMs} ms; per host call: ${per(wallMs)} wall, ${per(cpuMs)} CPU`,
  );
}
console.log(`${runs} runs of '${which}' in ${(performance.now() - started).toFixed(0)} ms`);
await executor.close();
if (profiling) {
  const top = fileURLToPath(new URL('./cpu-profile-top.ts', import.meta.url));
  console.log(execFileSync(process.execPath, ['--import', 'tsx', top, profile, '30'], { encoding: 'utf8' }));
}
rmSync(dir, { recursive: true, force: true });
