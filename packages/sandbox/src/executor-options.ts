import { isAbsolute } from 'node:path';
import { badRequest } from '@warden/sys-api';
import { checkLimits, DEFAULT_LIMITS, describe, type Limits, resolveLimits } from './limits.js';
import type { ExecutorOptions } from './types.js';
import type { WorkerStderr } from './worker-stderr.js';

/** Executor options after checking, with every default filled. */
export interface ResolvedOptions {
  workers: number;
  hostModule: string;
  hostConfig: unknown;
  limits: Limits;
  maxRuns: number;
  heapRatio: number;
  deferSaves: boolean;
  workerStderr: WorkerStderr;
  bootstrap?: string;
}

/** Checks `createExecutor`'s options; each problem is a `badRequest` naming the option. */
export function resolveExecutorOptions(options: ExecutorOptions): ResolvedOptions {
  if (!options || typeof options !== 'object') {
    throw badRequest(`createExecutor: options must be an object, got ${describe(options)}`);
  }
  const { workers, host, recycle = {} } = options;
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw badRequest(`createExecutor: workers must be an integer from 1 to 64, got ${describe(workers)}`);
  }
  if (!host || typeof host.module !== 'string' || !isAbsolute(host.module)) {
    throw badRequest(`createExecutor: host.module must be an absolute path, got ${describe(host?.module)}`);
  }
  const maxRuns = recycle.maxRuns ?? 100;
  if (!Number.isInteger(maxRuns) || maxRuns < 1) {
    throw badRequest(`createExecutor: recycle.maxRuns must be a positive integer, got ${describe(maxRuns)}`);
  }
  const heapRatio = recycle.heapRatio ?? 0.8;
  if (typeof heapRatio !== 'number' || !(heapRatio > 0 && heapRatio <= 1)) {
    throw badRequest(
      `createExecutor: recycle.heapRatio must be a number in (0, 1], got ${describe(heapRatio)}`,
    );
  }
  const deferSaves = options.deferSaves ?? true;
  if (typeof deferSaves !== 'boolean') {
    throw badRequest(`createExecutor: deferSaves must be a boolean, got ${describe(deferSaves)}`);
  }
  if (options.bootstrap !== undefined && typeof options.bootstrap !== 'string') {
    throw badRequest(`createExecutor: bootstrap must be a string, got ${describe(options.bootstrap)}`);
  }
  const workerStderr = options.workerStderr ?? 'inherit';
  if (workerStderr !== 'inherit' && typeof workerStderr !== 'function') {
    throw badRequest(
      `createExecutor: workerStderr must be 'inherit' or a function (line, worker), got ${describe(workerStderr)}`,
    );
  }
  const limits = resolveLimits(DEFAULT_LIMITS, checkLimits('createExecutor', 'limits', options.limits));
  const out: ResolvedOptions = {
    workers,
    hostModule: host.module,
    hostConfig: host.config,
    limits,
    maxRuns,
    heapRatio,
    deferSaves,
    workerStderr,
  };
  if (options.bootstrap !== undefined) out.bootstrap = options.bootstrap;
  return out;
}
