import type { ActionSpec, ClaimedJob, JobProgressFile, JobQueue, JobStatus } from '@warden/jobs';
import { holderGone } from '@warden/mail';
import type { RunOutcome, RunRequest } from '@warden/sandbox';
import { workerLost } from './event-dispatcher.js';
import type { HostCalls } from './host-calls.js';
import { jobRequest } from './job-drivers.js';
import type { RunEffects } from './worker-host.js';

/** How a runtime runs jobs (`createRuntime({jobs})`). */
export interface JobSettings {
  /** Run queued jobs in this runtime (default true; the CLI passes false). */
  run: boolean;
  /** Jobs run at once by this runtime (default 1). */
  concurrency: number;
  /** How often the queue is read for due jobs, retries and reclaims, ms (default 500). */
  pollMs: number;
  /** How long a claim holds before another runtime may take the job over, ms (default 30000). */
  leaseMs: number;
  /** Wall and CPU limit of a job's run, ms (default 10 min). */
  wallMs: number;
  /** The first pause before rerunning a job whose worker or host died, ms (default 1000; doubles). */
  retryBaseMs: number;
  /** Attempts cut short by dying workers before the job fails (default 5). */
  maxLost: number;
}

/** A job that changed, for `runtime.jobs.on(...)`. */
export interface JobEvent {
  id: string;
  status: JobStatus;
  progress: { done: number; total: number | null } | null;
}

export interface JobRunner {
  kick(): void;
  /** Runs until no job is due now (tests, close). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

interface RunnerOptions {
  settings: JobSettings;
  queue: JobQueue;
  progress: () => JobProgressFile;
  calls: HostCalls;
  me: string;
  actions: readonly ActionSpec[];
  run(req: RunRequest): Promise<RunOutcome>;
  emit(type: 'progress' | 'end', event: JobEvent): void;
  logger: { error(message: string): void };
  /** Called before each pass: fires due schedule ticks. */
  beforePass?(): Promise<void>;
}

/**
 * Claims due jobs and runs them in the worker pool, `concurrency` at a time. A job's run marks it
 * finished in its own transaction; what happens after a failure is decided here: the script's
 * failure is retried with its backoff (or ends the job with errors), a dead worker or host is not
 * the job's failure and only delays it. Live progress is read from the progress file.
 */
export function createJobRunner(o: RunnerOptions): JobRunner {
  const { settings: s, queue, calls, me } = o;
  const active = new Set<Promise<void>>();
  let closed = false;
  let passing: Promise<void> | null = null;
  let again = false;

  const runJob = async (job: ClaimedJob) => {
    const renewal = setInterval(
      () =>
        void calls.call('jobs.renew', () => queue.renew(job.claim, Date.now() + s.leaseMs)).catch(() => {}),
      s.leaseMs / 3,
    );
    renewal.unref();
    const limits = { wallMs: s.wallMs, cpuMs: s.wallMs };
    let outcome: RunOutcome;
    try {
      outcome = await o.run(jobRequest(job, limits, o.actions));
    } finally {
      clearInterval(renewal);
    }
    const attempt = job.attempts + job.lost + 1;
    const last = o.progress().get(job.id);
    const canceled = o.progress().cancelRequested(job.id);
    await calls.call('jobs.settle', () => {
      if (outcome.logs.length) queue.addLogs(job.id, attempt, outcome.logs);
      if (last) queue.setProgress(job.id, last.done, last.total);
      const effects = outcome.ok ? (outcome.effects as RunEffects | undefined) : undefined;
      if (outcome.ok && effects?.committed) return; // its run marked it finished, with its value
      if ((outcome.ok && effects?.jobLost) || (canceled && !effects?.committed)) {
        if (canceled || queue.cancelRequested(job.id)) queue.settleCanceled(job.id, job.claim);
        return;
      }
      if (!outcome.ok && workerLost(outcome)) {
        const pause = s.retryBaseMs * 2 ** job.lost;
        queue.lostAttempt(job, outcome.error.message, pause, s.maxLost);
        setTimeout(kick, pause + 5).unref();
        return;
      }
      if (!outcome.ok) {
        const error = { code: outcome.error.code, message: outcome.error.message };
        const status = queue.failed(job, error, Date.now(), canceled);
        if (status === 'PENDING') setTimeout(kick, job.backoffMs * 2 ** job.attempts + 5).unref();
      }
    });
    const info = await calls.call('jobs.get', () => queue.get(job.id));
    if (info && info.status !== 'RUNNING')
      o.emit('end', { id: info.id, status: info.status, progress: info.progress });
  };

  const pass = async () => {
    try {
      await o.beforePass?.();
      do {
        again = false;
        const gone = (await calls.call('jobs.holders', () => queue.holders(me))).filter(holderGone);
        while (!closed && active.size < s.concurrency) {
          const job = await calls.call('jobs.claim', () => queue.claimNext(me, s.leaseMs, Date.now(), gone));
          if (!job) break;
          const running = runJob(job)
            .catch((error) =>
              o.logger.error(`warden: job ${job.id} could not be settled: ${(error as Error).message}`),
            )
            .finally(() => {
              active.delete(running);
              kick();
            });
          active.add(running);
        }
      } while (again && !closed);
    } catch (error) {
      o.logger.error(`warden: job queue paused: ${(error as Error).message}`);
    }
  };
  const kick = () => {
    if (closed || !s.run) return;
    if (passing) {
      again = true;
      return;
    }
    passing = pass().finally(() => {
      passing = null;
    });
  };
  const poll = setInterval(kick, s.pollMs);
  poll.unref();
  return {
    kick,
    async drain() {
      kick();
      while (passing || active.size > 0) {
        await passing;
        await Promise.allSettled([...active]);
      }
    },
    async close() {
      closed = true;
      clearInterval(poll);
      await passing;
      await Promise.allSettled([...active]);
    },
  };
}
