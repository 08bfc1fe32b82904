/**
 * @warden/jobs: actions declared in the app definition, the durable job queue (claims with
 * leases, retries with backoff, cancel, logs and live progress), and cron schedules that fire a
 * job once per tick whichever runtime sees it. The runtime runs the jobs in its worker pool.
 */

export {
  type ActionParam,
  type ActionSpec,
  checkActionParams,
  findAction,
  loadActions,
  PARAM_TYPES,
  type ParamType,
} from './action-spec.js';
export { type JobProgress, type JobProgressFile, openJobProgress } from './job-progress.js';
export { createJobQueue, type JobQueue, jobInfo } from './job-queue.js';
export { ensureJobTables } from './job-tables.js';
export {
  type ClaimedJob,
  JOB_STATUSES,
  type JobInfo,
  type JobLog,
  type JobStatus,
  type JobType,
  type NewJob,
} from './job-types.js';
export { loadSchedules, type ScheduleSpec } from './schedule-spec.js';
export { createScheduleTicker, type TickOutcome } from './schedule-ticks.js';
export { readConfinedScript } from './script-file.js';
