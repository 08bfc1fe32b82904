import { writeFileSync } from 'node:fs';
import { notFound, type SysOpName, WardenError } from '@warden/sys-api';
import type { RunHost, RunRequest, WorkerHost } from '../types.js';

/** Config of the test host: `closeMarker` is a file written when the host closes. */
export interface CounterHostConfig {
  appName?: string;
  closeMarker?: string;
}

/**
 * A tiny in-memory worker host for the engine's tests, with entities `tasks` and `sys.users`. Ops:
 * `data.count` counts calls (`{burnMs}` spins the CPU that long first, `{exitCode}` says so on stderr and ends the process), `data.lock` sleeps `timeout`
 * ms, `data.findById` returns a task whose `blob` field has `Number(id)` characters, `data.unlock`
 * throws notFound (`missing`) or a host bug with a path in it (any other id),
 * `context.getCurrentUser` returns the run's `as` with its runId and entity. `finish(true)` throws
 * when the run's params ask for it.
 */
export default function createWorkerHost(config: CounterHostConfig = {}): WorkerHost {
  let count = 0;
  return {
    schema: () => ({
      name: config.appName ?? 'test-app',
      baseUrl: 'http://localhost',
      entities: {
        tasks: { name: 'tasks', fields: { blob: text('blob') } },
        'sys.users': { name: 'sys.users', fields: { runId: text('runId'), runEntity: text('runEntity') } },
      },
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

const text = (name: string) => ({ name, type: 'text' as const, multiple: false, required: false });

function runHost(req: RunRequest & { runId: string }, next: () => number): RunHost {
  let calls = 0;
  // biome-ignore lint/suspicious/noExplicitAny: test ops take their typed arguments straight from JSON
  const ops: Partial<Record<SysOpName, (...args: any[]) => unknown>> = {
    'data.count': (_entity: string, query: { burnMs?: number; exitCode?: number } | null) => {
      if (query?.exitCode !== undefined) {
        process.stderr.write(`counter host: exiting with code ${query.exitCode}\n`);
        process.exit(query.exitCode);
      }
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
    'data.unlock': (entity: string, id: string) => {
      if (id === 'missing') throw notFound(`unlock: no ${entity} record with id ${id}`);
      throw new Error(`ENOENT: /secret/host/path/${entity}.db`);
    },
    'context.getCurrentUser': () => ({
      entity: 'sys.users',
      id: req.as ?? null,
      version: 1,
      label: null,
      fields: { runId: req.runId, runEntity: req.entity ?? null },
    }),
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
