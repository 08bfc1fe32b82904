// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Actions (record.action, sys.data.executeAction, executeGlobalAction) and sys.jobs: background
// jobs as the queue stands now. A job a run starts begins only once the run commits.

class Job {
  #j;
  constructor(token, info) {
    if (token !== CONSTRUCT) throw badRequest('sys.jobs.Job: use sys.jobs.getJob(jobId)');
    this.#j = info;
    $freeze(this);
  }
  id() {
    return this.#j.id;
  }
  label() {
    return this.#j.label;
  }
  type() {
    return this.#j.type;
  }
  status() {
    return this.#j.status;
  }
  /** The last progress the job's script reported: `{done, total}`, or null. */
  progress() {
    const p = this.#j.progress;
    return p === null ? null : { done: p.done, total: p.total };
  }
  hasErrors() {
    return this.#j.hasErrors;
  }
  errorMessage() {
    return this.#j.errorMessage;
  }
  results() {
    return this.#j.results;
  }
  attempts() {
    return this.#j.attempts;
  }
  createDate() {
    return new $Date(this.#j.createdAt);
  }
  startDate() {
    return this.#j.startedAt === null ? null : new $Date(this.#j.startedAt);
  }
  endDate() {
    return this.#j.endedAt === null ? null : new $Date(this.#j.endedAt);
  }
  toJson() {
    return toPlain(this.#j, 'Job.toJson');
  }
}

const jobOrNull = (info) => (info === null ? null : new Job(CONSTRUCT, info));

function jobIdArg(where, id) {
  if (typeof id !== 'string' || id === '')
    throw badRequest(`${where}: jobId must be a job id string, got ${describe(id)}`);
  return id;
}

/** Runs `name` on `record` (or a global action when record is null): the answer's record, value or job id. */
function runAction(where, entity, record, name, params, options) {
  if (typeof name !== 'string' || name === '')
    throw badRequest(`${where}: actionName must be a non-empty string, got ${describe(name)}`);
  const p = params === undefined ? null : toPlain(params, `${where}: params`);
  const id = record === null ? null : savedId(where, record);
  const out = call('data.action', [entity, id, name, p, optionsArg(where, options)]);
  if (typeof own(out, 'job') === 'string') return out.job;
  if (own(out, 'record')) {
    assignWire(record, out.record);
    return record;
  }
  return own(out, 'value');
}

const actionsApi = {
  executeAction(...args) {
    const { entity, map, rest } = queryArgs('sys.data.executeAction', args);
    const [name, params, options] = rest;
    if (typeof name !== 'string' || name === '')
      throw badRequest(
        `sys.data.executeAction: actionName must be a non-empty string, got ${describe(name)}`,
      );
    const p = params === undefined ? null : toPlain(params, 'sys.data.executeAction: params');
    return call('data.executeAction', [entity, map, name, p, optionsArg('sys.data.executeAction', options)]);
  },
  executeGlobalAction(...args) {
    // (actionName, params?, options?) for app actions; (entityName, actionName, …) for an entity's.
    const entity = typeof args[1] === 'string' ? args[0] : null;
    const rest = entity === null ? args : $slice(args, 1);
    if (entity !== null) entitySchema('sys.data.executeGlobalAction', entity);
    return runAction('sys.data.executeGlobalAction', entity, null, rest[0], rest[1], rest[2]);
  },
};

const jobsApi = namespace({
  __proto__: null,
  getJob(jobId) {
    return jobOrNull(call('jobs.get', [jobIdArg('sys.jobs.getJob', jobId)]));
  },
  findById(jobId) {
    return jobOrNull(call('jobs.get', [jobIdArg('sys.jobs.findById', jobId)]));
  },
  /** Waits until the job reaches `status` (a name or a list; default FINISHED or CANCELED). */
  waitForJob(jobId, status, timeout) {
    const id = jobIdArg('sys.jobs.waitForJob', jobId);
    let statuses = null;
    if (typeof status === 'string') statuses = [status];
    else if ($isArray(status)) statuses = toPlain(status, 'sys.jobs.waitForJob: status');
    else if (status !== undefined && status !== null)
      throw badRequest(
        `sys.jobs.waitForJob: status must be a status name or a list of them, got ${describe(status)}`,
      );
    const t = timeout === undefined || timeout === null ? null : checkTimeout('sys.jobs.waitForJob', timeout);
    return new Job(CONSTRUCT, call('jobs.wait', [id, statuses, t]));
  },
  logs(jobId) {
    return call('jobs.logs', [jobIdArg('sys.jobs.logs', jobId)]);
  },
  /** Reports the current job's progress: `done` of `total` (total optional). */
  setProgress(done, total) {
    call('jobs.setProgress', [done, total === undefined ? null : total]);
  },
  getCurrentJobId() {
    return call('jobs.currentJobId', []);
  },
  cancel(jobId) {
    return call('jobs.cancel', [jobIdArg('sys.jobs.cancel', jobId)]);
  },
  Job,
});
