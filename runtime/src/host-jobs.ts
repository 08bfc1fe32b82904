import {
  type ActionSpec,
  createJobQueue,
  createScheduleTicker,
  JOB_STATUSES,
  type JobInfo,
  type JobLog,
  type JobProgressFile,
  type JobStatus,
  type JobType,
  loadSchedules,
  openJobProgress,
} from '@warden/jobs';
import { processHolder } from '@warden/mail';
import type { RunOutcome, RunRequest } from '@warden/sandbox';
import type { Store } from '@warden/store';
import { badRequest, notFound } from '@warden/sys-api';
import type { HostCalls } from './host-calls.js';
import type { ResolvedJobs } from './job-config.js';
import { createJobRunner, type JobEvent, type JobRunner } from './job-runner.js';

const TYPES: readonly JobType[] = ['action', 'actionMany', 'delete', 'schedule'];

/** Checks `jobs.list`'s filter at the boundary. */
function listFilter(filter: unknown): { status?: JobStatus; type?: JobType; limit?: number } {
  if (filter === undefined || filter === null) return {};
  if (typeof filter !== 'object' || Array.isArray(filter))
    throw badRequest('jobs.list: filter must be an object');
  const { status, type, limit, ...rest } = filter as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw badRequest(`jobs.list: unknown filter '${unknown}'`);
  if (status !== undefined && !JOB_STATUSES.includes(status as JobStatus))
    throw badRequest(`jobs.list: status must be one of ${JOB_STATUSES.join(', ')}`);
  if (type !== undefined && !TYPES.includes(type as JobType))
    throw badRequest(`jobs.list: type must be one of ${TYPES.join(', ')}`);
  if (
    limit !== undefined &&
    !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 10_000)
  )
    throw badRequest('jobs.list: limit must be an integer from 1 to 10000');
  return filter as { status?: JobStatus; type?: JobType; limit?: number };
}

/** `runtime.jobs`: the queue as the host sees it. Every call is asynchronous. */
export interface HostJobs {
  /** Newest first; filter by status or type. */
  list(filter?: { status?: JobStatus; type?: JobType; limit?: number }): Promise<JobInfo[]>;
  get(id: string): Promise<JobInfo | null>;
  /** A pending job ends CANCELED at once; a running one when its run ends (its writes rolled back). */
  cancel(id: string): Promise<JobStatus>;
  logs(id: string): Promise<JobLog[]>;
  /**
   * `progress`: a job's script reported progress (any job on this machine's database, polled);
   * `end`: a job this runtime ran was settled (FINISHED, CANCELED, or PENDING for a retry).
   * Returns the function that unsubscribes.
   */
  on(type: 'progress' | 'end', listener: (event: JobEvent) => void): () => void;
  /** Resolves once no job is due (jobs waiting for a retry's backoff are not due). */
  drain(): Promise<void>;
}

interface JobsParts {
  store: Store;
  calls: HostCalls;
  settings: ResolvedJobs;
  database: string;
  actions: readonly ActionSpec[];
  baseDir: string | null;
  run(req: RunRequest): Promise<RunOutcome>;
  logger: { error(message: string): void };
}

/** The parent's side of jobs: the queue, the runner, the schedules, and `runtime.jobs`. */
export function createHostJobs(p: JobsParts): { api: HostJobs; runner: JobRunner; close(): Promise<void> } {
  const queue = createJobQueue(p.store.db);
  const schedules = loadSchedules(p.store.app.schedules, p.actions, p.baseDir);
  const ticker = createScheduleTicker(p.store.db, queue, p.settings.graceMs);
  let progressFile: JobProgressFile | null = null;
  const progress = () => {
    progressFile ??= openJobProgress(p.database);
    return progressFile;
  };
  const listeners = { progress: new Set<(e: JobEvent) => void>(), end: new Set<(e: JobEvent) => void>() };
  const emit = (type: 'progress' | 'end', event: JobEvent) => {
    for (const l of listeners[type]) {
      try {
        l(event);
      } catch (error) {
        p.logger.error(`warden: a jobs.on('${type}') listener failed: ${(error as Error).message}`);
      }
    }
  };
  const fire = async () => {
    for (const s of schedules) {
      await p.calls.call('jobs.schedule', () =>
        p.store.db
          .transaction(() =>
            ticker.tick(s, Date.now(), (tick) => ({
              type: 'schedule',
              label: `Schedule ${s.name}`,
              spec: {
                schedule: s.name,
                tick,
                source: s.source,
                action: s.action,
                params: s.params,
                grants: [],
              },
              maxAttempts: s.maxAttempts,
              backoffMs: s.backoffMs,
            })),
          )
          .immediate(),
      );
    }
  };
  const runner = createJobRunner({
    settings: p.settings,
    queue,
    progress,
    calls: p.calls,
    me: processHolder(),
    actions: p.actions,
    run: p.run,
    emit,
    logger: p.logger,
    ...(schedules.length ? { beforePass: fire } : {}),
  });
  let since = Date.now() - 1;
  const watch = setInterval(() => {
    if (listeners.progress.size === 0) return;
    try {
      const seen = progress().since(since);
      for (const [id, pr] of seen) {
        since = Math.max(since, pr.at);
        emit('progress', { id, status: 'RUNNING', progress: { done: pr.done, total: pr.total } });
      }
    } catch (error) {
      p.logger.error(`warden: job progress unreadable: ${(error as Error).message}`);
    }
  }, 100);
  watch.unref();
  // A running job's progress is in the progress file until it ends.
  const live = (job: JobInfo): JobInfo => {
    if (job.status !== 'RUNNING') return job;
    const now = progress().get(job.id);
    return now ? { ...job, progress: { done: now.done, total: now.total } } : job;
  };
  const jobId = (call: string, id: unknown) => {
    if (typeof id !== 'string' || id === '') throw badRequest(`${call}: id must be a job id string`);
    return id;
  };
  const api: HostJobs = {
    list: async (filter) => (await p.calls.call('jobs.list', () => queue.list(listFilter(filter)))).map(live),
    get: async (id) => {
      const found = await p.calls.call('jobs.get', () => queue.get(jobId('jobs.get', id)));
      return found && live(found);
    },
    async cancel(id) {
      const key = jobId('jobs.cancel', id);
      // A running job may hold the write lock until it ends: its stop request goes to the
      // progress file, which its run reads; a pending one is canceled in the queue at once.
      const now = await p.calls.call('jobs.cancel', () => queue.get(key));
      if (!now) throw notFound(`jobs.cancel: no job with id '${key}'`);
      if (now.status === 'RUNNING') {
        progress().requestCancel(key);
        return 'RUNNING';
      }
      if (now.status !== 'PENDING') return now.status;
      const status = await p.calls.call('jobs.cancel', () => queue.cancel(key));
      if (status === 'RUNNING') progress().requestCancel(key); // claimed meanwhile
      return status ?? now.status;
    },
    logs: (id) => p.calls.call('jobs.logs', () => queue.logs(jobId('jobs.logs', id))),
    on(type, listener) {
      if (type !== 'progress' && type !== 'end') throw badRequest(`jobs.on: unknown event '${String(type)}'`);
      if (typeof listener !== 'function') throw badRequest('jobs.on: listener must be a function');
      // Reports made before the first progress listener are not news to it.
      if (type === 'progress' && listeners.progress.size === 0) since = Date.now();
      listeners[type].add(listener);
      return () => listeners[type].delete(listener);
    },
    drain: () => runner.drain(),
  };
  return {
    api,
    runner,
    async close() {
      clearInterval(watch);
      await runner.close();
      progressFile?.close();
    },
  };
}
