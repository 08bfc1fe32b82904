import { ruleWhere } from '@warden/authz';
import { type ActionSpec, checkActionParams, type JobQueue, type NewJob } from '@warden/jobs';
import type { NestedOutcome, RunRequest, ScriptError } from '@warden/sandbox';
import { WardenError, type WireRecord } from '@warden/sys-api';
import { APP_METADATA } from './bind-user-lifecycle.js';
import { QUIET_WRITES } from './data-options.js';
import { ENFORCE_ACCESS, guardedSave, readerOf, runAccess } from './run-access.js';
import type { RunState } from './run-state.js';
import { toRecord, toWire } from './run-state.js';

/** What the worker host lends the action and job binds: the actions, the queue, nesting. */
export interface WorkerJobs {
  readonly actions: readonly ActionSpec[];
  /** The queue over the run's connection: jobs enqueued here exist only if the run commits. */
  readonly queue: JobQueue;
  /** The queue over a second connection: jobs as committed now, outside the run's snapshot. */
  fresh(): JobQueue;
  /** Runs a script nested in the calling one (`WorkerEvents.nested` + `tools.runNested`). */
  runNested(name: string, req: RunRequest): NestedOutcome;
  /** The job the current top-level run executes, and the jobs it enqueued. */
  readonly current: { job: { id: string; claim: string } | null; enqueued: Set<string> };
  /** Live progress of the current job (`<database>-jobs`). */
  setProgress(jobId: string, done: number, total: number | null): void;
  /** Whether the host asked the job to stop (`<database>-jobs`). */
  cancelRequested(jobId: string): boolean;
}

/** `action 'approve' failed: <message> (approve.js:3)`, with the action's own code. */
function actionError(name: string, error: ScriptError): WardenError {
  const where = error.line ? ` (${error.file ?? `${name}.js`}:${error.line})` : '';
  return new WardenError(error.code, `action '${name}' failed: ${error.message}${where}`, {
    ...(error.errors?.length ? { errors: error.errors } : {}),
    info: { ...error.info, action: name },
  });
}

/**
 * Under access rules, a user runs an entity action only where `authorization` grants it (the
 * rule `<entity>.actions.<name>` on this record), and a global action only with the permission
 * `action:<name>` (or `action:<entity>.<name>`).
 */
export function requireActionRight(state: RunState, call: string, spec: ActionSpec, id: string | null) {
  const access = runAccess(state);
  if (!access) return;
  if (spec.type === 'record' && spec.entity) {
    const rule = access.rights.entities[spec.entity]?.actions[spec.name] ?? 'never';
    if (rule === 'always') return;
    if (rule !== 'never' && id && access.reader.matches(spec.entity, id, [ruleWhere(rule)])) return;
    throw new WardenError(
      'forbidden',
      `${call}: the user may not run '${spec.entity}.${spec.name}' on this record`,
      {
        info: { entity: spec.entity, action: spec.name, user: access.rights.userId },
      },
    );
  }
  const permission = `action:${spec.entity ? `${spec.entity}.` : ''}${spec.name}`;
  if (!access.rights.permissions.includes(permission))
    throw new WardenError('forbidden', `${call}: the user lacks the permission '${permission}'`, {
      info: { action: spec.name, user: access.rights.userId },
    });
}

/** The grants a job keeps from the run that enqueued it. */
export const grantsOf = (state: RunState) => [
  ...(state.quietWrites ? [QUIET_WRITES] : []),
  ...(state.enforce ? [ENFORCE_ACCESS] : []),
  ...(state.appMetadata ? [APP_METADATA] : []),
];

/** Enqueues a job in the run's transaction; it starts only once the run commits. */
export function enqueueJob(
  state: RunState,
  jobs: WorkerJobs,
  job: Omit<NewJob, 'runAs' | 'createdRun'>,
): string {
  state.touch();
  if (!state.store.writing) state.store.upgrade();
  const id = jobs.queue.enqueue({ ...job, runAs: state.currentUserId, createdRun: state.runId });
  jobs.current.enqueued.add(id);
  return id;
}

/**
 * Runs an action inside the calling run (nested, same transaction): a record action gets
 * `record` (saved afterwards when the script changed it), `params` and `action`; a global one
 * `params` and `action`. Answers the script's value, or else the record as saved.
 */
export function runActionInline(
  state: RunState,
  jobs: WorkerJobs,
  call: string,
  spec: ActionSpec,
  id: string | null,
  given: unknown,
): { record: WireRecord } | { value: unknown } {
  const params = checkActionParams(spec, call, given);
  state.touch();
  // A record action saves its record: it takes the write lock before it reads, here, where a
  // lost snapshot can still replay the run (a write inside the nested script could not).
  if (spec.type === 'record' && !state.store.writing) state.store.upgrade();
  const records: Record<string, WireRecord> = {};
  let before = '';
  if (spec.type === 'record') {
    const found = id && readerOf(state).findById(spec.entity!, id);
    if (!found) throw new WardenError('notFound', `${call}: no '${spec.entity}' record with id '${id}'`);
    records.record = toWire(spec.entity!, found);
    before = JSON.stringify(found.fields);
  }
  requireActionRight(state, call, spec, id);
  const job = jobs.current.job;
  const outcome = jobs.runNested(spec.name, {
    source: spec.source,
    filename: `${spec.name}.js`,
    ...(spec.entity ? { entity: spec.entity } : {}),
    params: { params, action: { name: spec.name, label: spec.label }, job: job ? { id: job.id } : null },
    records,
    returnRecords: spec.type === 'record',
  });
  if (!outcome.ok) throw actionError(spec.name, outcome.error);
  if (outcome.value !== undefined && outcome.value !== null) return { value: outcome.value };
  if (spec.type !== 'record') return { value: null };
  const edited = outcome.records?.record ?? records.record!;
  if (JSON.stringify(edited.fields) === before) return { record: records.record! };
  const saved = guardedSave(
    state,
    call,
    spec.entity!,
    toRecord({ ...edited, id: records.record!.id, version: records.record!.version }),
    (r) => state.store.save(spec.entity!, r)!,
    (r) => r.id ?? null,
  );
  return { record: toWire(spec.entity!, saved) };
}
