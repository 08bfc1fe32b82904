import type { ActionSpec, ClaimedJob } from '@warden/jobs';
import type { RunRequest } from '@warden/sandbox';

/**
 * The scripts that run each kind of job. They go through the same `sys` calls a script would
 * (`record.action`, `sys.data.delete`, `executeGlobalAction`), so a job gets the checks, hooks and
 * access rules of the run that started it. The job's spec is the variable `_job`.
 */
const DRIVERS: Record<string, string> = {
  action: `var j = _job;
if (j.id === null) {
  return j.entity === null
    ? sys.data.executeGlobalAction(j.action, j.params, { async: false })
    : sys.data.executeGlobalAction(j.entity, j.action, j.params, { async: false });
}
var r = sys.data.findById(j.entity, j.id);
if (!r) throw new sys.exceptions.ScriptException('notFound', "the '" + j.entity + "' record " + j.id + ' no longer exists');
return r.action(j.action, j.params);`,
  actionMany: `var j = _job;
var total = sys.data.count(j.entity, j.query);
var rs = sys.data.find(j.entity, j.query);
var n = 0;
sys.jobs.setProgress(0, total);
try {
  while (rs.hasNext()) {
    rs.next().action(j.action, j.params);
    n++;
    if (n % 20 === 0 || n === total) sys.jobs.setProgress(n, total);
  }
} finally { rs.close(); }
return { records: n };`,
  delete: `var j = _job;
var n = sys.data.delete(j.entity, j.query, j.options);
sys.jobs.setProgress(n, n);
return { deleted: n };`,
  scheduleAction: `var j = _job;
return sys.data.executeGlobalAction(j.action, j.params, { async: false });`,
};

/**
 * The run of a claimed job, as the user who started it: a global action's own script at the top
 * of its run (its writes can replay like any run's), a schedule's script, or a driver.
 */
export function jobRequest(
  job: ClaimedJob,
  limits: RunRequest['limits'],
  actions: readonly ActionSpec[],
): RunRequest {
  const spec = job.spec as Record<string, unknown> & { grants?: string[]; entity?: string | null };
  const global =
    (job.type === 'action' && spec.id === null) ||
    (job.type === 'schedule' && typeof spec.action === 'string')
      ? actions.find(
          (a) => a.entity === (spec.entity ?? null) && a.name === spec.action && a.type === 'global',
        )
      : undefined;
  if (global) {
    return {
      source: global.source,
      filename: `${global.name}.js`,
      ...(global.entity ? { entity: global.entity } : {}),
      ...(job.runAs ? { as: job.runAs } : {}),
      params: {
        params: spec.params ?? {},
        action: { name: global.name, label: global.label },
        job: { id: job.id },
      },
      grants: spec.grants ?? [],
      limits,
      job: { id: job.id, claim: job.claim },
    };
  }
  const own = job.type === 'schedule' && typeof spec.source === 'string';
  const source = own
    ? (spec.source as string)
    : DRIVERS[job.type === 'schedule' ? 'scheduleAction' : job.type]!;
  const params = own
    ? { params: spec.params ?? {}, job: { id: job.id }, schedule: { name: spec.schedule, tick: spec.tick } }
    : { _job: spec };
  return {
    source,
    filename: own ? `${String(spec.schedule)}.js` : `job-${job.type}.js`,
    ...(typeof spec.entity === 'string' ? { entity: spec.entity } : {}),
    ...(job.runAs ? { as: job.runAs } : {}),
    params,
    grants: spec.grants ?? [],
    limits,
    job: { id: job.id, claim: job.claim },
  };
}
