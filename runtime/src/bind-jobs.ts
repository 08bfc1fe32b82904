import { checkActionParams, findAction, JOB_STATUSES, type JobInfo, type JobStatus } from '@warden/jobs';
import { badRequest, notFound, WardenError } from '@warden/sys-api';
import { arr, obj, optInt, optStr, str } from './bind-args.js';
import { checkDeleteOptions } from './data-options.js';
import type { OpTable } from './op-table.js';
import { enqueueJob, grantsOf, requireActionRight, runActionInline, type WorkerJobs } from './run-actions.js';
import type { RunState } from './run-state.js';

const POLL_MS = 25;
const MARGIN_MS = 75;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => Atomics.wait(sleeper, 0, 0, ms);

/** A job as scripts see it (`sys.jobs.Job`). */
const forScript = (j: JobInfo) => ({
  id: j.id,
  type: j.type,
  label: j.label,
  status: j.status,
  hasErrors: j.hasErrors,
  errorMessage: j.error?.message ?? null,
  results: j.results,
  progress: j.progress,
  attempts: j.attempts,
  createdAt: j.createdAt,
  startedAt: j.startedAt,
  endedAt: j.endedAt,
});

/** `background` from Slingr's two spellings: `executeInBackground` and `async`; null when not given. */
function background(call: string, options: Record<string, unknown> | null): boolean | null {
  if (!options) return null;
  for (const key of Object.keys(options))
    if (key !== 'executeInBackground' && key !== 'async' && key !== 'queue')
      throw badRequest(`${call}: unknown option '${key}'`);
  const given = options.executeInBackground ?? options.async;
  if (given === undefined || given === null) return null;
  if (typeof given !== 'boolean') throw badRequest(`${call}: executeInBackground must be true or false`);
  return given;
}

/**
 * Actions (`record.action`, `sys.data.executeAction`, `executeGlobalAction`), the background form
 * of `sys.data.delete`, and `sys.jobs.*`. Jobs a run enqueues are rows of its transaction: they
 * exist, and start, only once it commits (decision 15), so the run cannot wait for them.
 */
export function bindJobs(state: RunState, jobs: WorkerJobs, plainDelete: OpTable['data.delete']): OpTable {
  const own = (call: string, id: string) => {
    if (jobs.current.enqueued.has(id))
      throw badRequest(
        `${call}: job ${id} was started by this run and begins only once the run commits; wait for it in a later run`,
      );
  };
  const job = (call: string) => {
    const current = jobs.current.job;
    if (!current) throw badRequest(`${call}: this run is not a job`);
    return current;
  };
  return {
    'data.action': ([entity, id, name, params, options]) => {
      const call = id === null ? 'sys.data.executeGlobalAction' : 'Record.action';
      const e = optStr(call, 'entityName', entity);
      const n = str(call, 'action', name);
      const rid = optStr(call, 'id', id);
      const o = obj(call, 'options', options);
      const spec = findAction(jobs.actions, call, e, n);
      if (rid !== null && spec.type !== 'record') throw badRequest(`${call}: '${n}' is a global action`);
      if (rid === null && spec.type === 'record') throw badRequest(`${call}: '${n}' runs on a record`);
      // Slingr: a record action runs at once unless asked, a global action in the background.
      if (!(background(call, o) ?? rid === null))
        return runActionInline(state, jobs, call, spec, rid, params);
      requireActionRight(state, call, spec, rid);
      const args = { entity: e, id: rid, action: n, params: checkActionParams(spec, call, params) };
      const jobId = enqueueJob(state, jobs, {
        type: 'action',
        label: spec.label,
        spec: { ...args, grants: grantsOf(state) },
        maxAttempts: spec.maxAttempts,
        backoffMs: spec.backoffMs,
      });
      return { job: jobId };
    },
    'data.executeAction': ([entity, query, name, params, options]) => {
      const call = 'sys.data.executeAction';
      const e = str(call, 'entityName', entity);
      const q = obj(call, 'query', query) ?? {};
      const spec = findAction(jobs.actions, call, e, str(call, 'action', name));
      if (spec.type !== 'record') throw badRequest(`${call}: '${spec.name}' is a global action`);
      if (background(call, obj(call, 'options', options)) === false)
        throw badRequest(
          `${call}: an action on many records runs as a job (executeInBackground: false is not supported)`,
        );
      obj(call, 'params', params);
      return enqueueJob(state, jobs, {
        type: 'actionMany',
        label: `${spec.label} (${e})`,
        spec: { entity: e, query: q, action: spec.name, params: params ?? {}, grants: grantsOf(state) },
      });
    },
    'data.delete': (args) => {
      const [entity, query, options] = args;
      const o = obj('sys.data.delete', 'options', options);
      if (!o || o.executeInBackground === undefined) return plainDelete!(args);
      const { executeInBackground, ...rest } = o;
      if (typeof executeInBackground !== 'boolean')
        throw badRequest('sys.data.delete: executeInBackground must be true or false');
      if (!executeInBackground) return plainDelete!([entity, query, rest]);
      const e = str('sys.data.delete', 'entityName', entity);
      if (!state.store.schema.entities[e]) throw notFound(`sys.data.delete: entity '${e}' does not exist`);
      checkDeleteOptions(rest, state.quietWrites);
      return enqueueJob(state, jobs, {
        type: 'delete',
        label: `Delete ${e}`,
        spec: {
          entity: e,
          query: obj('sys.data.delete', 'query', query) ?? {},
          options: rest,
          grants: grantsOf(state),
        },
      });
    },
    'jobs.get': ([id]) => {
      const found = jobs.fresh().get(str('sys.jobs.getJob', 'jobId', id));
      return found && forScript(found);
    },
    'jobs.wait': ([id, statuses, timeout]) => {
      const call = 'sys.jobs.waitForJob';
      const jobId = str(call, 'jobId', id);
      own(call, jobId);
      const wanted = (
        statuses === null || statuses === undefined ? ['FINISHED', 'CANCELED'] : arr(call, 'status', statuses)
      ) as string[];
      for (const s of wanted)
        if (!JOB_STATUSES.includes(s as JobStatus))
          throw badRequest(`${call}: status must be one of ${JOB_STATUSES.join(', ')}, got '${String(s)}'`);
      const left = Math.floor(state.deadline - Date.now() - MARGIN_MS);
      const asked = optInt(call, 'timeout', timeout, 0, 24 * 3600_000) ?? left;
      const until = Date.now() + Math.min(asked, left);
      const fresh = jobs.fresh();
      for (;;) {
        const found = fresh.get(jobId);
        if (!found) throw notFound(`${call}: no job with id '${jobId}'`);
        if (wanted.includes(found.status)) return forScript(found);
        if (state.store.writing)
          throw badRequest(
            `${call}: the run holds the database's write lock (it wrote), which job ${jobId} needs: wait before writing`,
          );
        if (Date.now() >= until)
          throw new WardenError(
            'timeout',
            `${call}: job ${jobId} is still ${found.status} after ${Math.max(0, asked)} ms`,
          );
        sleep(Math.min(POLL_MS, Math.max(1, until - Date.now())));
      }
    },
    'jobs.logs': ([id]) => jobs.fresh().logs(str('sys.jobs.logs', 'jobId', id)),
    'jobs.setProgress': ([done, total]) => {
      const call = 'sys.jobs.setProgress';
      const current = job(call);
      if (typeof done !== 'number' || !Number.isFinite(done) || done < 0)
        throw badRequest(`${call}: done must be a number of 0 or more`);
      if (
        total !== null &&
        total !== undefined &&
        (typeof total !== 'number' || !Number.isFinite(total) || total < 0)
      )
        throw badRequest(`${call}: total must be a number of 0 or more`);
      if (jobs.cancelRequested(current.id))
        throw new WardenError('systemException', `${call}: job ${current.id} was canceled`, {
          info: { canceled: true },
        });
      jobs.setProgress(current.id, done, (total as number | null | undefined) ?? null);
      return null;
    },
    'jobs.currentJobId': () => jobs.current.job?.id ?? null,
    'jobs.cancel': ([id]) => {
      const jobId = str('sys.jobs.cancel', 'jobId', id);
      state.touch();
      return jobs.queue.cancel(jobId);
    },
  };
}
