import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { ensureJobTables } from './job-tables.js';
import type { ClaimedJob, JobInfo, JobLog, JobStatus, JobType, NewJob } from './job-types.js';

/**
 * The durable job queue over one connection. A runtime claims a due job with a lease under its
 * holder name (`host:pid:start:random`); a job whose holder is gone, or whose lease ran out, is
 * claimed again. Every claim has a token of its own: only its holder may settle the job, and the
 * job's own run marks it FINISHED in its transaction (`complete`), so a job's effects commit once.
 */
export interface JobQueue {
  /** Adds a job; call it inside the transaction that decides it (it exists only if that commits). */
  enqueue(job: NewJob): string;
  get(id: string): JobInfo | null;
  /** Newest first. */
  list(filter?: { status?: JobStatus; type?: JobType; limit?: number }): JobInfo[];
  /** Claims the next due job for `me`, or null. `gone`: holders certainly dead. */
  claimNext(me: string, leaseMs: number, now: number, gone: readonly string[]): ClaimedJob | null;
  /** Holders other than `me` of running jobs. */
  holders(me: string): string[];
  renew(claim: string, leaseUntil: number): void;
  /** In the job run's transaction: RUNNING → FINISHED; false when the claim was lost or it was canceled. */
  complete(id: string, claim: string, results: unknown): boolean;
  /** What the finished job's script returned. */
  setResults(id: string, results: unknown): void;
  /** The script failed: due again after a backoff, or FINISHED with errors, or CANCELED when asked. */
  failed(
    job: ClaimedJob,
    error: { code: string; message: string },
    now: number,
    canceled?: boolean,
  ): JobStatus;
  /** The worker or host died under the job: due again after `pauseMs`, or failed past `maxLost`. */
  lostAttempt(job: ClaimedJob, error: string, pauseMs: number, maxLost: number): JobStatus;
  /** After a run found it canceled: CANCELED. */
  settleCanceled(id: string, claim: string): void;
  /** PENDING → CANCELED at once; RUNNING → marked (see `JobProgressFile.requestCancel`); else unchanged. */
  cancel(id: string): JobStatus | null;
  cancelRequested(id: string): boolean;
  /** Records the job's progress (`done` of `total`) on its row. */
  setProgress(id: string, done: number, total: number | null): void;
  addLogs(
    id: string,
    attempt: number,
    logs: readonly { level: string; message: string; time: number }[],
  ): void;
  logs(id: string, limit?: number): JobLog[];
}

interface Row {
  id: string;
  type: JobType;
  label: string;
  spec: string;
  status: JobStatus;
  has_errors: number;
  error: string | null;
  results: string | null;
  run_as: string | null;
  created_run: string | null;
  created_at: number;
  run_at: number;
  started_at: number | null;
  ended_at: number | null;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  lost: number;
  claimed_by: string | null;
  claim: string | null;
  cancel_requested: number;
  progress_done: number | null;
  progress_total: number | null;
}

const parse = (text: string | null) => (text === null ? null : JSON.parse(text));

/** A row as callers see it. */
export function jobInfo(r: Row): JobInfo {
  return {
    id: r.id,
    type: r.type,
    label: r.label,
    status: r.status,
    hasErrors: r.has_errors === 1,
    error: parse(r.error),
    results: parse(r.results),
    runAs: r.run_as,
    createdAt: r.created_at,
    runAt: r.run_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lost: r.lost,
    progress: r.progress_done === null ? null : { done: r.progress_done, total: r.progress_total },
    cancelRequested: r.cancel_requested === 1,
  };
}

/** The queue over `db`, creating its tables when missing. */
export function createJobQueue(db: Database.Database): JobQueue {
  ensureJobTables(db);
  const insert = db.prepare(
    `INSERT INTO _warden_jobs (id, type, label, spec, status, run_as, created_run, created_at, run_at, max_attempts, backoff_ms)
     VALUES (@id, @type, @label, @spec, 'PENDING', @runAs, @createdRun, @now, @runAt, @maxAttempts, @backoffMs)`,
  );
  const byId = db.prepare<[string], Row>('SELECT * FROM _warden_jobs WHERE id = ?');
  const FREE = `(status = 'PENDING' AND run_at <= @now) OR (status = 'RUNNING'
    AND (lease_until < @now OR claimed_by IN (SELECT value FROM json_each(@gone))))`;
  const claim = db.prepare<Record<string, unknown>, Row>(
    `UPDATE _warden_jobs SET lost = lost + (status = 'RUNNING'), status = 'RUNNING', claimed_by = @me,
       claim = @claim, lease_until = @leaseUntil, started_at = COALESCE(started_at, @now)
      WHERE id = (SELECT id FROM _warden_jobs WHERE ${FREE} ORDER BY run_at, id LIMIT 1)
      RETURNING *`,
  );
  const holders = db
    .prepare<[string], string>(
      "SELECT DISTINCT claimed_by FROM _warden_jobs WHERE status = 'RUNNING' AND claimed_by != ?",
    )
    .pluck();
  const renew = db.prepare("UPDATE _warden_jobs SET lease_until = ? WHERE claim = ? AND status = 'RUNNING'");
  const complete = db.prepare(
    `UPDATE _warden_jobs SET status = 'FINISHED', ended_at = @now, results = @results, claimed_by = NULL,
       lease_until = NULL WHERE id = @id AND claim = @claim AND status = 'RUNNING' AND cancel_requested = 0`,
  );
  const settle = db.prepare(
    `UPDATE _warden_jobs SET status = @status, run_at = @runAt, attempts = @attempts, lost = @lost,
       has_errors = @hasErrors, error = @error, ended_at = @endedAt, claimed_by = NULL, claim = NULL,
       lease_until = NULL WHERE id = @id AND claim = @claim AND status = 'RUNNING'`,
  );
  const cancelPending = db.prepare(
    "UPDATE _warden_jobs SET status = 'CANCELED', ended_at = ?, cancel_requested = 1 WHERE id = ? AND status = 'PENDING'",
  );
  const cancelRunning = db.prepare(
    "UPDATE _warden_jobs SET cancel_requested = 1 WHERE id = ? AND status = 'RUNNING'",
  );
  const progress = db.prepare('UPDATE _warden_jobs SET progress_done = ?, progress_total = ? WHERE id = ?');
  const setResults = db.prepare('UPDATE _warden_jobs SET results = ? WHERE id = ?');
  const addLog = db.prepare(
    'INSERT INTO _warden_job_logs (job_id, attempt, level, message, time) VALUES (?, ?, ?, ?, ?)',
  );
  const logs = db.prepare<[string, number], JobLog>(
    'SELECT attempt, level, message, time FROM _warden_job_logs WHERE job_id = ? ORDER BY seq LIMIT ?',
  );

  const claimed = (r: Row): ClaimedJob => ({
    id: r.id,
    type: r.type,
    label: r.label,
    spec: JSON.parse(r.spec),
    runAs: r.run_as,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    backoffMs: r.backoff_ms,
    lost: r.lost,
    claim: r.claim!,
  });
  const finishWith = (job: ClaimedJob, fields: Partial<Record<string, unknown>>) =>
    settle.run({
      id: job.id,
      claim: job.claim,
      status: 'FINISHED',
      runAt: Date.now(),
      attempts: job.attempts,
      lost: job.lost,
      hasErrors: 0,
      error: null,
      endedAt: Date.now(),
      ...fields,
    });

  return {
    enqueue(job) {
      const id = uuidv7();
      const now = Date.now();
      insert.run({
        id,
        type: job.type,
        label: job.label,
        spec: JSON.stringify(job.spec),
        runAs: job.runAs ?? null,
        createdRun: job.createdRun ?? null,
        now,
        runAt: job.runAt ?? now,
        maxAttempts: job.maxAttempts ?? 1,
        backoffMs: job.backoffMs ?? 1000,
      });
      return id;
    },
    get(id) {
      const row = byId.get(id);
      return row ? jobInfo(row) : null;
    },
    list(filter = {}) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.status) {
        where.push('status = ?');
        args.push(filter.status);
      }
      if (filter.type) {
        where.push('type = ?');
        args.push(filter.type);
      }
      const sql = `SELECT * FROM _warden_jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ?`;
      return (db.prepare(sql).all(...args, filter.limit ?? 100) as Row[]).map(jobInfo);
    },
    claimNext(me, leaseMs, now, gone) {
      const row = claim.get({
        me,
        claim: randomUUID(),
        leaseUntil: now + leaseMs,
        now,
        gone: JSON.stringify(gone),
      });
      return row ? claimed(row) : null;
    },
    holders: (me) => holders.all(me),
    renew(token, leaseUntil) {
      renew.run(leaseUntil, token);
    },
    complete(id, token, results) {
      const json = results === undefined ? null : JSON.stringify(results);
      return complete.run({ id, claim: token, now: Date.now(), results: json ?? null }).changes === 1;
    },
    setResults(id, results) {
      setResults.run(results === undefined ? null : JSON.stringify(results), id);
    },
    failed(job, error, now, canceled = false) {
      const attempts = job.attempts + 1;
      if (canceled || byId.get(job.id)?.cancel_requested === 1) {
        finishWith(job, { status: 'CANCELED', attempts, error: JSON.stringify(error) });
        return 'CANCELED';
      }
      if (attempts < job.maxAttempts) {
        const pause = job.backoffMs * 2 ** (attempts - 1);
        finishWith(job, {
          status: 'PENDING',
          attempts,
          runAt: now + pause,
          endedAt: null,
          error: JSON.stringify(error),
        });
        return 'PENDING';
      }
      finishWith(job, { attempts, hasErrors: 1, error: JSON.stringify(error) });
      return 'FINISHED';
    },
    lostAttempt(job, message, pauseMs, maxLost) {
      const lost = job.lost + 1;
      const error = JSON.stringify({ code: 'systemException', message });
      if (lost >= maxLost) {
        finishWith(job, { lost, hasErrors: 1, error });
        return 'FINISHED';
      }
      finishWith(job, { status: 'PENDING', lost, runAt: Date.now() + pauseMs, endedAt: null, error });
      return 'PENDING';
    },
    settleCanceled(id, token) {
      settle.run({
        id,
        claim: token,
        status: 'CANCELED',
        runAt: Date.now(),
        attempts: byId.get(id)?.attempts ?? 0,
        lost: byId.get(id)?.lost ?? 0,
        hasErrors: 0,
        error: null,
        endedAt: Date.now(),
      });
    },
    cancel(id) {
      if (cancelPending.run(Date.now(), id).changes === 1) return 'CANCELED';
      cancelRunning.run(id);
      return byId.get(id)?.status ?? null;
    },
    cancelRequested: (id) => byId.get(id)?.cancel_requested === 1,
    setProgress(id, done, total) {
      progress.run(done, total, id);
    },
    addLogs(id, attempt, lines) {
      for (const l of lines) addLog.run(id, attempt, l.level, l.message, l.time);
    },
    logs: (id, limit = 1000) => logs.all(id, limit),
  };
}
