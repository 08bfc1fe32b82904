// Event dispatch overhead: committed changes per second with a no-op after-hook on every change,
// against the same changes with no hook, on one runtime (rounds interleaved, medians compared).
// Standalone: node --no-node-snapshot --conditions=@warden/source --import tsx bench/hook-dispatch.ts [--short]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRuntime, type Runtime } from '@warden/runtime';

/** What the benchmark found: throughputs in committed changes per second. */
export interface HookDispatchResult {
  name: string;
  /** Changes per second with a no-op after-hook, its dispatch (a run of its own) included. */
  warden: number;
  /** Changes per second with no hook. */
  baseline: number;
  /** Time per change with the hook over time per change without (1.0 = free). */
  ratio: number;
}

const APP = {
  name: 'bench-hooks',
  entities: { items: { label: 'name', fields: { name: { type: 'text', required: true } } } },
};
const CHANGE = "var r = sys.data.createRecord('items'); r.field('name').val(name); sys.data.save(r);";

/** Runs `changes` one-record runs at once, then waits until their events are delivered; returns ms. */
async function burst(runtime: Runtime, changes: number, tag: string): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: changes }, (_, i) => runtime.run(CHANGE, { params: { name: `${tag}-${i}` } })),
  );
  await runtime.hooks.drain();
  return performance.now() - started;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Measures the overhead of a no-op after-hook per committed change (2 workers, 1 warm-up round). */
export async function runHookDispatchBench({ short = false } = {}): Promise<HookDispatchResult> {
  const changes = short ? 100 : 400;
  const rounds = short ? 2 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-hooks-'));
  const runtime = await createRuntime({
    database: join(dir, 'bench.db'),
    app: APP,
    executor: { workers: 2 },
    mail: { dispatch: false },
  });
  const hooked: number[] = [];
  const plain: number[] = [];
  try {
    for (let round = 0; round <= rounds; round++) {
      const noHook = await burst(runtime, changes, `plain${round}`);
      const off = runtime.hooks.register({
        name: 'noop',
        event: 'record.created',
        entity: 'items',
        when: 'after',
        source: 'return null;',
      });
      const withHook = await burst(runtime, changes, `hooked${round}`);
      off();
      await runtime.store.deleteMany('items', {});
      if (round === 0) continue; // warm-up: worker start, isolate and code caches
      plain.push(noHook);
      hooked.push(withHook);
    }
    if (runtime.hooks.failures().length > 0) throw new Error('the no-op hook failed');
  } finally {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const baseline = (changes * 1000) / median(plain);
  const warden = (changes * 1000) / median(hooked);
  return { name: 'no-op after-hook per committed change', warden, baseline, ratio: baseline / warden };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await runHookDispatchBench({ short: process.argv.includes('--short') });
  console.log(
    `${r.name}: ${r.warden.toFixed(0)} changes/s with the hook, ${r.baseline.toFixed(0)} without; ` +
      `${r.ratio.toFixed(2)}× the time per change`,
  );
}
