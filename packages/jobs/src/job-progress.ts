import Database from 'better-sqlite3';

/** Progress a job's script reports, as the last report gave it. */
export interface JobProgress {
  done: number;
  total: number | null;
  at: number;
}

/**
 * Live progress of running jobs, in a small SQLite file beside the database (`<database>-jobs`). A
 * job's run holds its transaction (and often the write lock) until it ends, so what it reports
 * while it runs cannot go into the database: it goes here, in autocommit, and is seen at once by
 * every process on the machine. The queue row gets the last figure when the job ends.
 */
export interface JobProgressFile {
  set(jobId: string, done: number, total: number | null): void;
  get(jobId: string): JobProgress | null;
  /** Reports newer than `since` (epoch ms), by job. */
  since(since: number): Map<string, JobProgress>;
  remove(jobId: string): void;
  /**
   * Asks a running job to stop. Kept here, not in the database: the job's run may hold the
   * database's write lock until it ends, and the request must reach it before then.
   */
  requestCancel(jobId: string): void;
  cancelRequested(jobId: string): boolean;
  close(): void;
}

/** Opens (creating) the progress file of `database`. */
export function openJobProgress(database: string): JobProgressFile {
  const db = new Database(`${database}-jobs`);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  db.pragma('synchronous = OFF');
  db.exec(
    'CREATE TABLE IF NOT EXISTS job_progress (job_id TEXT PRIMARY KEY, done REAL NOT NULL, total REAL, at INTEGER NOT NULL)',
  );
  const set = db.prepare(
    `INSERT INTO job_progress (job_id, done, total, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (job_id) DO UPDATE SET done = excluded.done, total = excluded.total, at = excluded.at`,
  );
  const get = db.prepare<[string], JobProgress>('SELECT done, total, at FROM job_progress WHERE job_id = ?');
  const since = db.prepare<[number], JobProgress & { job_id: string }>(
    'SELECT job_id, done, total, at FROM job_progress WHERE at > ?',
  );
  db.exec('CREATE TABLE IF NOT EXISTS job_cancel (job_id TEXT PRIMARY KEY, at INTEGER NOT NULL)');
  const remove = db.prepare('DELETE FROM job_progress WHERE job_id = ?');
  const cancel = db.prepare('INSERT OR IGNORE INTO job_cancel (job_id, at) VALUES (?, ?)');
  const canceled = db.prepare<[string], number>('SELECT 1 FROM job_cancel WHERE job_id = ?').pluck();
  return {
    set(jobId, done, total) {
      set.run(jobId, done, total, Date.now());
    },
    get: (jobId) => get.get(jobId) ?? null,
    since(t) {
      const out = new Map<string, JobProgress>();
      for (const r of since.all(t)) out.set(r.job_id, { done: r.done, total: r.total, at: r.at });
      return out;
    },
    remove(jobId) {
      remove.run(jobId);
    },
    requestCancel(jobId) {
      cancel.run(jobId, Date.now());
    },
    cancelRequested: (jobId) => canceled.get(jobId) === 1,
    close: () => db.close(),
  };
}
