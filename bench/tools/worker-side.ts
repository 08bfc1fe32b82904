import { BOOTSTRAP_SOURCE, DEFAULT_LIMITS, type RunHost } from '@warden/sandbox';
import type { Store } from '@warden/store';
import { BENCH_APP } from '../fixture/bench-app.js';
import { internalModule } from './internal-module.js';

/** Limits wide enough for a tool's longest run. */
export const TOOL_LIMITS = { ...DEFAULT_LIMITS, wallMs: 600_000, cpuMs: 600_000, maxHostCalls: 1e9 };

/**
 * What a worker process runs, in the tool's own process (no IPC): the runtime's host over
 * `database` and the sandbox's runner with the real bootstrap. `run` makes one script run, its
 * host calls going through `wrap(host)` when given, and returns the script's value.
 */
export async function openWorkerSide(database: string, schema: Store['schema']) {
  const { createIsolateRunner } = await internalModule('@warden/sandbox', './isolate-runner.ts');
  const createWorkerHost = (await internalModule('@warden/runtime', './worker-host.ts')).default;
  const host = createWorkerHost({ database, app: BENCH_APP, busyTimeoutMs: 30_000, passwords: {} });
  const runner = createIsolateRunner({
    bootstrapSource: BOOTSTRAP_SOURCE,
    schema,
    maxRuns: 100,
    heapRatio: 0.8,
  });
  const run = (source: string, params: object, wrap = (h: RunHost) => h): unknown => {
    const req = { source, params };
    const begun = host.beginRun({ ...req, runId: `tool-${Math.random()}` });
    const result = runner.run(req, TOOL_LIMITS, wrap(begun));
    begun.finish(result.ok);
    if (!result.ok) throw new Error(`the run failed: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  return { host, run };
}
