/** Where a job is in its life. A failed job ends FINISHED with `hasErrors` (Slingr's convention). */
export type JobStatus = 'PENDING' | 'RUNNING' | 'FINISHED' | 'CANCELED';

export const JOB_STATUSES: readonly JobStatus[] = ['PENDING', 'RUNNING', 'FINISHED', 'CANCELED'];

/** What a job runs: a global or entity action, an action over a query, a bulk delete, a schedule's script. */
export type JobType = 'action' | 'actionMany' | 'delete' | 'schedule';

/** A job as callers see it (`runtime.jobs.get`, `sys.jobs.getJob`). Times are epoch ms. */
export interface JobInfo {
  id: string;
  type: JobType;
  label: string;
  status: JobStatus;
  hasErrors: boolean;
  /** Why the last attempt failed (a failed job keeps it). */
  error: { code: string; message: string } | null;
  /** What the job's script returned. */
  results: unknown;
  /** The user it runs as, or null for the system. */
  runAs: string | null;
  createdAt: number;
  /** When it is due (a retry's due time after a failure). */
  runAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Attempts whose script failed. */
  attempts: number;
  maxAttempts: number;
  /** Attempts cut short because their worker or host died. */
  lost: number;
  /** The latest progress its script reported. */
  progress: { done: number; total: number | null } | null;
  cancelRequested: boolean;
}

/** A job to put in the queue, inside the caller's transaction. */
export interface NewJob {
  type: JobType;
  label: string;
  /** What to run (JSON): the runtime's own shape per type. */
  spec: Record<string, unknown>;
  runAs?: string | null;
  /** The run that enqueued it: that run cannot wait for it (it starts only once the run commits). */
  createdRun?: string | null;
  /** Due time, default now. */
  runAt?: number;
  /** Attempts before a failing script's job gives up (default 1: no retry). */
  maxAttempts?: number;
  /** The first pause before a retry, doubling after each failure (default 1000 ms). */
  backoffMs?: number;
}

/** A job this runtime claimed: it runs it, and only the holder of `claim` may settle it. */
export interface ClaimedJob {
  id: string;
  type: JobType;
  label: string;
  spec: Record<string, unknown>;
  runAs: string | null;
  attempts: number;
  maxAttempts: number;
  backoffMs: number;
  lost: number;
  claim: string;
}

/** One line a job's run logged. */
export interface JobLog {
  attempt: number;
  level: string;
  message: string;
  time: number;
}
