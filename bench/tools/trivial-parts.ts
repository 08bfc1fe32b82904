/**
 * Where a trivial run's time goes: `return 1` through `runtime.run()` (what the bench times), the
 * worker-side isolate time it reports (`stats.wallMs`), and the rest (IPC, host begin/finish,
 * the parent's bookkeeping). Usage: [WORKERS=2] [MAXRUNS=100] [GAP_MS=0] trivial-parts.ts [runs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import { BENCH_APP } from '../fixture/bench-app.js';
import { summarize } from '../harness/stats.js';

const runs = Number(process.argv[2] ?? 3000);
const dir = mkdtempSync(join(tmpdir(), 'warden-trivial-'));
const workers = Number(process.env.WORKERS ?? 2);
// A pause after each run: latency when the worker has had time to prepare.
const gapMs = Number(process.env.GAP_MS ?? 0);
const runtime = await createRuntime({
  database: join(dir, 'b.db'),
  app: BENCH_APP,
  mail: { dispatch: false },
  executor: { workers, maxRunsPerIsolate: Number(process.env.MAXRUNS ?? 100) },
});
for (let round = 0; round < 3; round++) {
  const total: number[] = [];
  const inner: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await runtime.run('return 1');
    total.push(performance.now() - t);
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    inner.push(r.stats.wallMs);
  }
  const t = summarize(total);
  const w = summarize(inner).median;
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  const mean = total.reduce((a, b) => a + b, 0) / total.length;
  console.log(
    `round ${round}: run() median ${us(t.median)} (mean ${us(mean)}, p90 ${us(t.p90)}, p99 ${us(t.p99)}), ` +
      `isolate side ${us(w)}, rest ${us(t.median - w)}`,
  );
}
await runtime.close();
rmSync(dir, { recursive: true, force: true });
