// A worker host module for profiling: wraps the runtime's own worker host and records a CPU profile
// of the whole worker process (bridge, binds, store; script time inside isolates shows up as
// native time of the run call) with node:inspector, written when the worker closes.
// Used by profile-worker.ts; never by the benchmarks themselves.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

// The runtime does not export its worker host (only the executor needs it), so take its path
// beside the package entry: a profiling tool's shortcut, not an API.
const workerHost = new URL('./worker-host.ts', import.meta.resolve('@warden/runtime'));
const inner = (await import(workerHost.href)).default as (config: unknown) => { close(): void };

/** `config.profile`: where to write the profile; null runs the inner host unprofiled. */
export default function createProfiledHost(config: { profile: string | null }) {
  const host = inner(config);
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
