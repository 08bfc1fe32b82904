import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * An app with actions and (optionally) schedules, written to `dir` with its action scripts:
 * `tickets` with a record action `close` (a file script), a background-friendly `touch`, a global
 * `count` and a global `slow` that reports progress, and a `flaky` one that fails until its
 * third attempt.
 */
export function writeJobsApp(dir: string, extra: Record<string, unknown> = {}): string {
  mkdirSync(join(dir, 'actions'), { recursive: true });
  writeFileSync(
    join(dir, 'actions', 'close.js'),
    `record.field('status').val('closed');
record.field('note').val(params.note);
log('closed by ' + (sys.context.getCurrentUser() ? sys.context.getCurrentUser().field('email').val() : 'system'));`,
  );
  const app = {
    name: 'jobs',
    entities: {
      tickets: {
        fields: {
          title: { type: 'text', required: true },
          status: { type: 'text' },
          note: { type: 'text' },
          touched: { type: 'integer' },
        },
      },
      marks: { fields: { name: { type: 'text' } } },
    },
    actions: [
      {
        name: 'close',
        entity: 'tickets',
        label: 'Close ticket',
        parameters: { note: { type: 'text', required: true } },
        script: 'actions/close.js',
      },
      {
        name: 'touch',
        entity: 'tickets',
        source: "record.field('touched').val((record.field('touched').val() || 0) + 1);",
      },
      {
        name: 'score',
        entity: 'tickets',
        source: "return { title: record.field('title').val(), n: params.n * 2 };",
        parameters: { n: { type: 'integer' } },
      },
      { name: 'count', label: 'Count tickets', source: "return sys.data.count('tickets', {});" },
      {
        name: 'slow',
        parameters: { steps: { type: 'integer', required: true }, ms: { type: 'integer' } },
        // It writes at its end: while it runs it holds no write lock, so other runs may write.
        source: `for (var i = 1; i <= params.steps; i++) {
  var until = Date.now() + (params.ms || 20); while (Date.now() < until) {}
  sys.jobs.setProgress(i, params.steps);
}
var m = sys.data.createRecord('marks'); m.field('name').val('slow:' + job.id); sys.data.save(m);
return params.steps;`,
      },
      {
        // Writes first, then works: a kill lands inside a transaction that already wrote.
        name: 'grind',
        parameters: { steps: { type: 'integer', required: true } },
        source: `var m = sys.data.createRecord('marks'); m.field('name').val('grind:' + job.id); sys.data.save(m);
for (var i = 1; i <= params.steps; i++) {
  var until = Date.now() + 20; while (Date.now() < until) {}
  sys.jobs.setProgress(i, params.steps);
}
return params.steps;`,
      },
      {
        name: 'flaky',
        retries: 3,
        backoffMs: 100,
        source: `var m = sys.data.createRecord('marks'); m.field('name').val('flaky'); sys.data.save(m);
var tries = sys.jobs.getJob(sys.jobs.getCurrentJobId()).attempts();
if (tries < 2) throw new sys.exceptions.ScriptException('badRequest', 'not yet ' + tries);
return 'ok after ' + tries;`,
      },
    ],
    ...extra,
  };
  const path = join(dir, 'app.json');
  writeFileSync(path, JSON.stringify(app, null, 2));
  return path;
}
