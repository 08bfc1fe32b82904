import { progress } from '@clack/prompts';
import type { Runtime } from '@warden/runtime';
import { parseFlags, UsageError } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';

type JobInfo = Awaited<ReturnType<Runtime['jobs']['get']>> & {};
const STATUSES = ['PENDING', 'RUNNING', 'FINISHED', 'CANCELED'];
const done = (j: JobInfo) => j.status === 'FINISHED' || j.status === 'CANCELED';
const figure = (j: JobInfo) =>
  j.progress ? `${j.progress.done}${j.progress.total === null ? '' : `/${j.progress.total}`}` : '';

/**
 * `warden jobs`: the job queue, newest first (`--status`, `--json`). `warden jobs watch ID` follows
 * one job with a live progress bar until it ends; exit 1 when it failed or was canceled.
 */
export async function commandJobs(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    status: { type: 'string' },
    limit: { type: 'string' },
    interval: { type: 'string' },
  });
  const [sub, id, ...extra] = positionals;
  if ((sub !== undefined && sub !== 'watch') || extra.length > 0 || (sub === 'watch' && !id)) {
    throw new UsageError(`unknown jobs command '${positionals.join(' ')}' (warden jobs [watch ID])`);
  }
  const status = values.status as string | undefined;
  if (status !== undefined && !STATUSES.includes(status))
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const json = values.json === true;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    json,
  });
  try {
    if (sub === 'watch') return await watch(runtime, id!, out, json, Number(values.interval ?? 200));
    const jobs = await runtime.jobs.list({
      ...(status ? { status: status as JobInfo['status'] } : {}),
      limit: Number(values.limit ?? 50),
    });
    if (json) {
      for (const j of jobs) out.line(JSON.stringify(j));
      return 0;
    }
    if (!jobs.length) out.line('No jobs.');
    for (const j of jobs) {
      out.line(
        [
          j.id,
          j.status.padEnd(8),
          j.type.padEnd(10),
          j.label,
          figure(j),
          j.hasErrors ? `error: ${j.error?.message}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

async function watch(
  runtime: Runtime,
  id: string,
  out: Output,
  json: boolean,
  every: number,
): Promise<number> {
  const first = await runtime.jobs.get(id);
  if (!first) {
    out.error(`notFound: no job with id '${id}'`);
    return 1;
  }
  // A bar on a terminal; elsewhere (pipes, CI) one line per change.
  const tty = process.stdout.isTTY === true && !json;
  const total = first.progress?.total ?? 100;
  const bar = tty ? progress({ max: total, style: 'heavy' }) : null;
  bar?.start(`${first.label} (${first.status})`);
  let shown = 0;
  let last = '';
  for (let j: JobInfo = first; ; ) {
    const now = j.progress?.done ?? 0;
    if (bar && now > shown) {
      bar.advance(now - shown, `${j.label} ${figure(j)}`);
      shown = now;
    } else if (!bar && `${j.status} ${figure(j)}` !== last) {
      last = `${j.status} ${figure(j)}`;
      out.line(
        json
          ? JSON.stringify({ id, status: j.status, progress: j.progress })
          : `${j.status} ${figure(j)}`.trim(),
      );
    }
    if (done(j)) {
      const ok = j.status === 'FINISHED' && !j.hasErrors;
      const end = `job ${id} ${j.status}${j.hasErrors ? ` with errors: ${j.error?.message}` : ''}`;
      if (bar) (ok ? bar.stop : bar.error)(end);
      else if (!json) out.line(end);
      return ok ? 0 : 1;
    }
    await new Promise((r) => setTimeout(r, every));
    const next = await runtime.jobs.get(id);
    if (!next) return 1;
    j = next;
  }
}
