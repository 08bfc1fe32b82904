import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import { BENCH_APP } from '../fixture/bench-app.js';
import { summarize } from '../harness/stats.js';
import { pick, type Workload } from '../harness/workload.js';

/** The little of isolated-vm used here (bench does not depend on it, the sandbox does). */
interface Ivm {
  Isolate: new (options: {
    memoryLimit: number;
  }) => {
    dispose(): void;
    createContextSync(): { release(): void };
  };
}

/**
 * What a run's isolate and context cost: isolated-vm measured bare (loaded from the sandbox's own
 * dependency, the same build), and as Warden pays it (every run on a new isolate vs a pooled one).
 * No target: these figures explain the trivial-run row.
 */
export const lifecycleCosts: Workload = {
  name: 'lifecycle',
  async run(env, report) {
    const n = pick(env, 300, 20);
    const ivm = createRequire(import.meta.resolve('@warden/sandbox'))('isolated-vm') as Ivm;
    const isolate = timeEach(n, () => new ivm.Isolate({ memoryLimit: 64 }).dispose());
    const probe = new ivm.Isolate({ memoryLimit: 64 });
    const context = timeEach(n, () => probe.createContextSync().release());
    probe.dispose();
    report.notes.push(
      `isolated-vm bare: new Isolate(64 MB) + dispose ${isolate.toFixed(3)} ms; ` +
        `createContextSync + release ${context.toFixed(3)} ms (medians of ${n})`,
    );

    const runs = pick(env, 500, 20);
    const pooled = await perRun(env.dir, 'pooled', { maxRuns: 100, runs });
    const fresh = await perRun(env.dir, 'fresh', { maxRuns: 1, runs });
    report.notes.push(
      `Warden run of \`return 1\`: ${pooled.toFixed(3)} ms with a pooled isolate (fresh context), ` +
        `${fresh.toFixed(3)} ms with a new isolate per run (maxRunsPerIsolate 1): ` +
        `an isolate + bootstrap costs ${(fresh - pooled).toFixed(3)} ms per run`,
    );
    // sys is built on a run's first use of it, from the schema of the entities the run uses.
    const touch = { maxRuns: 100, runs, source: TOUCH_SYS };
    const small = await perRun(env.dir, 'sys', touch);
    const large = await perRun(env.dir, 'sys-large', { ...touch, app: withEntities(40) });
    report.notes.push(
      `Warden run of \`${TOUCH_SYS}\`: ${small.toFixed(3)} ms, ${(small - pooled).toFixed(3)} ms more ` +
        `than \`return 1\` (sys built, one count); ${large.toFixed(3)} ms in an app of 40 more entities`,
    );
  },
};

const TOUCH_SYS = "return sys.data.count('items', {})";

/** The bench app plus `extra` entities of 15 fields each, none of which the runs use. */
function withEntities(extra: number) {
  const entities: Record<string, unknown> = { ...BENCH_APP.entities };
  for (let e = 0; e < extra; e++) {
    const fields = Object.fromEntries(
      Array.from({ length: 15 }, (_, f) => [`field${f}`, { type: 'text', max: 200 }]),
    );
    entities[`extra${e}`] = { label: 'field1', fields };
  }
  return { ...BENCH_APP, entities };
}

function timeEach(n: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    const started = performance.now();
    fn();
    if (i >= 5) times.push(performance.now() - started);
  }
  return summarize(times).median;
}

interface PerRun {
  /** The runtime recycles its isolate every `maxRuns` runs. */
  maxRuns: number;
  runs: number;
  source?: string;
  app?: object;
}

/** Median ms per sequential run of `source` (`return 1`) on a one-worker runtime of its own. */
async function perRun(dir: string, name: string, o: PerRun): Promise<number> {
  const database = join(dir, `lifecycle-${name}.db`);
  const runtime = await createRuntime({
    database,
    app: o.app ?? BENCH_APP,
    executor: { workers: 1, maxRunsPerIsolate: o.maxRuns },
    mail: { dispatch: false },
  });
  try {
    const times: number[] = [];
    for (let i = 0; i < o.runs + 10; i++) {
      const started = performance.now();
      await runtime.run(o.source ?? 'return 1');
      if (i >= 10) times.push(performance.now() - started);
    }
    return summarize(times).median;
  } finally {
    await runtime.close();
    rmSync(database, { force: true });
  }
}
