import { writeFileSync } from 'node:fs';
import { notFound, type SysOpName, WardenError } from '@warden/sys-api';
import type { RunHost, RunRequest, WorkerHost } from '../types.js';

/** Config of the test host: `closeMarker` is a file written when the host closes. */
export interface CounterHostConfig {
  appName?: string;
  closeMarker?: string;
}

/**
 * A tiny in-memory worker host for the engine's tests. Ops (named after real sys ops):
 * `data.count` counts calls (`{burnMs}` spins the CPU that long first), `data.lock` sleeps `ms`,
 * `data.findById` returns a record whose `blob` field has `Number(id)` characters, `data.remove`
 * throws notFound (`missing`) or a host bug with a path in it (`crash`), `context.getCurrentUser`
 * echoes the run's `as` and entity. `finish(true)` throws when the run's params ask for it.
 */
export default function createWorkerHost(config: CounterHostConfig = {}): WorkerHost {
  let count = 0;
  return {
    schema: () => ({
      name: config.appName ?? 'test-app',
      baseUrl: 'http://localhost',
      entities: {},
      groups: [],
      identityProviders: [],
      endpoints: [],
    }),
    beginRun: (req) => runHost(req, () => ++count),
    close() {
      if (config.closeMarker) writeFileSync(config.closeMarker, `closed ${process.pid}`);
    },
  };
}

function runHost(req: RunRequest & { runId: string }, next: () => number): RunHost {
  let calls = 0;
  // biome-ignore lint/suspicious/noExplicitAny: test ops take their typed arguments straight from JSON
  const ops: Partial<Record<SysOpName, (...args: any[]) => unknown>> = {
    'data.count': (_entity: string, query: { burnMs?: number } | null) => {
      const until = performance.now() + (query?.burnMs ?? 0);
      while (performance.now() < until) {}
      return next();
    },
    'data.lock': (entity: string, id: string, ms: number | null) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms ?? 0);
      return { entity, id, version: 1, label: null, fields: {} };
    },
    'data.findById': (entity: string, id: string) => ({
      entity,
      id,
      version: 1,
      label: null,
      fields: { blob: 'x'.repeat(Number(id)) },
    }),
    'data.remove': (entity: string, id: string) => {
      if (id === 'missing') throw notFound(`remove: no ${entity} record with id ${id}`);
      throw new Error(`ENOENT: /secret/host/path/${entity}.db`);
    },
    'context.getCurrentUser': () => ({ as: req.as ?? null, entity: req.entity ?? null, runId: req.runId }),
  };
  return {
    dispatch(op, args) {
      calls += 1;
      const fn = ops[op];
      if (!fn) throw new WardenError('badRequest', `test host: no op ${op}`);
      return fn(...args);
    },
    finish(ok) {
      if (ok && req.params?.failFinish)
        throw new WardenError('optimisticLocking', 'finish: the record changed meanwhile');
      return { committed: ok, calls };
    },
  };
}
