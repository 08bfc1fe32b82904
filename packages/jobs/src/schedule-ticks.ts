import type Database from 'better-sqlite3';
import type { JobQueue } from './job-queue.js';
import type { NewJob } from './job-types.js';
import type { ScheduleSpec } from './schedule-spec.js';

/** What one look at a schedule did. */
export interface TickOutcome {
  /** The tick fired now (epoch ms), or null. */
  fired: number | null;
  /** The job it enqueued (null when another runtime fired the tick first, or it was skipped). */
  jobId: string | null;
  /** Ticks passed over because they were missed. */
  skipped: number;
}

/**
 * Fires the latest due tick of each schedule at most once, whichever runtime gets there first:
 * the tick's row in `_warden_schedule_ticks` and its job are inserted in one transaction, and a
 * second runtime's insert of the same (schedule, tick) is ignored. A schedule's ticks count from
 * when a runtime first saw it (`_warden_schedules.since`), so a new schedule does not fire for
 * the past. A tick older than `graceMs` was missed: `skip` records it without a job, `runOnce`
 * fires it; earlier missed ticks are never fired one by one.
 */
export function createScheduleTicker(db: Database.Database, queue: JobQueue, graceMs: number) {
  const remember = db.prepare('INSERT OR IGNORE INTO _warden_schedules (name, since) VALUES (?, ?)');
  const since = db.prepare<[string], number>('SELECT since FROM _warden_schedules WHERE name = ?').pluck();
  const last = db
    .prepare<[string], number | null>('SELECT MAX(tick) FROM _warden_schedule_ticks WHERE schedule = ?')
    .pluck();
  const insertTick = db.prepare(
    'INSERT OR IGNORE INTO _warden_schedule_ticks (schedule, tick, job_id) VALUES (?, ?, NULL)',
  );
  const setJob = db.prepare('UPDATE _warden_schedule_ticks SET job_id = ? WHERE schedule = ? AND tick = ?');
  const prune = db.prepare(
    `DELETE FROM _warden_schedule_ticks WHERE schedule = ? AND tick < (
       SELECT tick FROM _warden_schedule_ticks WHERE schedule = ? ORDER BY tick DESC LIMIT 1 OFFSET 99)`,
  );

  /** One schedule at `now`: runs inside an immediate transaction the caller opens. */
  const tick = (s: ScheduleSpec, now: number, job: (tick: number) => NewJob): TickOutcome => {
    remember.run(s.name, now);
    const from = last.get(s.name) ?? since.get(s.name)!;
    const next = s.pattern.nextRun(new Date(from));
    if (!next || next.getTime() > now) return { fired: null, jobId: null, skipped: 0 };
    const latest = s.pattern.previousRuns(1, new Date(now + 1))[0]?.getTime() ?? next.getTime();
    let skipped = 0;
    for (let t: Date | null = next; t && t.getTime() < latest && skipped < 1000; t = s.pattern.nextRun(t))
      skipped++;
    const stale = now - latest > graceMs;
    if (insertTick.run(s.name, latest).changes === 0) return { fired: null, jobId: null, skipped: 0 };
    prune.run(s.name, s.name);
    if (stale && s.missed === 'skip') return { fired: null, jobId: null, skipped: skipped + 1 };
    const jobId = queue.enqueue(job(latest));
    setJob.run(jobId, s.name, latest);
    return { fired: latest, jobId, skipped };
  };
  return { tick };
}
