import type Database from 'better-sqlite3';

/**
 * The job tables in the app's database, created on open. `_warden_jobs` is the durable queue (one
 * row per job, claimed with a lease); `_warden_job_logs` keeps each attempt's log lines;
 * `_warden_schedule_ticks` holds one row per (schedule, tick) that fired, so that a tick fires
 * once whichever runtime sees it first.
 */
export function ensureJobTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS _warden_jobs (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      label TEXT NOT NULL,
      spec TEXT NOT NULL,
      status TEXT NOT NULL,
      has_errors INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      results TEXT,
      run_as TEXT,
      created_run TEXT,
      created_at INTEGER NOT NULL,
      run_at INTEGER NOT NULL,
      started_at INTEGER,
      ended_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      backoff_ms INTEGER NOT NULL,
      lost INTEGER NOT NULL DEFAULT 0,
      claimed_by TEXT,
      claim TEXT,
      lease_until INTEGER,
      cancel_requested INTEGER NOT NULL DEFAULT 0,
      progress_done REAL,
      progress_total REAL
    );
    CREATE INDEX IF NOT EXISTS _warden_jobs_due ON _warden_jobs (status, run_at);
    CREATE TABLE IF NOT EXISTS _warden_job_logs (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      job_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      level TEXT NOT NULL,
      message TEXT NOT NULL,
      time INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS _warden_job_logs_job ON _warden_job_logs (job_id, seq);
    CREATE TABLE IF NOT EXISTS _warden_schedule_ticks (
      schedule TEXT NOT NULL,
      tick INTEGER NOT NULL,
      job_id TEXT,
      PRIMARY KEY (schedule, tick)
    );
    CREATE TABLE IF NOT EXISTS _warden_schedules (
      name TEXT PRIMARY KEY,
      since INTEGER NOT NULL
    );
  `);
}
