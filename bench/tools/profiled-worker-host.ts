// A worker host module for profiling: wraps the runtime's own worker host and records a CPU profile
// of the whole worker process (bridge, binds, store; script time inside isolates shows up as
// native time of the run call) with node:inspector, written when the worker closes.
// Used by profile-worker.ts; never by the benchmarks themselves.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { internalModule } from './internal-module.js';

// The runtime does not export its worker host (only the executor needs it), so take its path
// beside the package entry: a profiling tool's shortcut, not an API.
const inner = (await internalModule('@warden/runtime', './worker-host.ts')).default as (config: unknown) => {
  close(): void;
};

type Host = {
  beginRun(req: unknown): { dispatch(op: string, args: unknown[]): unknown; finish(ok: boolean): unknown };
  close(): void;
};

/**
 * Times `dispatch` (binds + store) inside the worker, per op, and prints the totals to stderr when
 * the worker closes: the host's share of a run, measured where it happens.
 */
function timed(host: Host): Host {
  const totals = new Map<string, { calls: number; ms: number }>();
  return {
    ...host,
    beginRun(req) {
      const run = host.beginRun(req);
      return {
        ...run,
        dispatch(op, args) {
          const t0 = performance.now();
          try {
            return run.dispatch(op, args);
          } finally {
            const t = totals.get(op) ?? { calls: 0, ms: 0 };
            t.calls += 1;
            t.ms += performance.now() - t0;
            totals.set(op, t);
          }
        },
        finish: (ok) => run.finish(ok),
      };
    },
    close() {
      host.close();
      for (const [op, t] of totals) {
        process.stderr.write(
          `dispatch ${op}: ${t.calls} calls, ${((t.ms * 1000) / t.calls).toFixed(1)} µs each\n`,
        );
      }
    },
  };
}

/**
 * `config.profile`: where to write the profile; null runs the inner host unprofiled.
 * `config.timeDispatch`: print per-op dispatch times instead (see `timed`).
 */
export default function createProfiledHost(config: { profile: string | null; timeDispatch?: boolean }) {
  const host = inner(config) as unknown as Host;
  if (config.timeDispatch) return timed(host);
  if (!config.profile) return host;
  const file = config.profile;
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 100 });
  session.post('Profiler.start');
  return {
    ...host,
    close() {
      host.close();
      // An in-thread inspector session answers synchronously.
      session.post('Profiler.stop', (error, result) => {
        if (!error) writeFileSync(file, JSON.stringify(result.profile));
      });
    },
  };
}
