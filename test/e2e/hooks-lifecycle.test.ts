import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_APP } from '../support/test-runtime.js';

// Hooks declared in app definitions, across runtime restarts.
const base = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
const quiet = { error: () => {} };

describe('hooks in the app definition', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-hooks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (hooks: unknown[], extra: object = {}) => {
    const app = join(dir, 'app.json');
    writeFileSync(app, JSON.stringify({ ...base, hooks }));
    return createRuntime({
      database: join(dir, 'app.db'),
      app,
      executor: { workers: 1 },
      passwords: { ln: 12 },
      mail: { dispatch: false },
      logger: quiet,
      ...extra,
    });
  };

  it('reports every problem of the hooks at once, with its path, and leaves the database usable', async () => {
    mkdirSync(join(dir, 'hooks'));
    writeFileSync(join(dir, 'hooks', 'ok.js'), 'return 1;');
    const error = await open([
      { name: 'a', event: 'record.moved', when: 'after', source: '' },
      { name: 'a', event: 'record.created', when: 'after', script: 'hooks/ok.js' },
      { name: 'b', event: 'record.created', entity: 'nope', when: 'before', source: '' },
      { name: 'c', event: 'record.created', when: 'after', source: '', script: 'hooks/ok.js' },
      { name: 'd', event: 'user.created', entity: 'companies', when: 'soon', script: 'hooks/missing.js' },
      { name: '9x', event: 'record.deleted', when: 'after', source: '', extra: true },
    ]).catch((e) => e);
    expect(error.code).toBe('badRequest');
    expect(error.errors.map((e: { field: string }) => e.field)).toEqual([
      'hooks[0].event',
      'hooks[1].name',
      'hooks[2].entity',
      'hooks[3]',
      'hooks[4].when',
      'hooks[4].entity',
      'hooks[4].script',
      'hooks[5].extra',
      'hooks[5].name',
    ]);
    expect(error.message).toContain("hooks[4].script: cannot read 'hooks/missing.js'");
    expect(error.message).not.toContain(dir);
    const fine = await open([{ name: 'ok', event: 'record.created', when: 'after', script: 'hooks/ok.js' }]);
    expect(fine.hooks.list()).toEqual([
      { name: 'ok', event: 'record.created', entity: null, when: 'after', enforced: false, origin: 'app' },
    ]);
    await fine.close();
  });

  it('replays events journaled before a restart: a crash between commit and dispatch loses nothing', async () => {
    const hooks = [
      {
        name: 'tombstone',
        event: 'record.deleted',
        entity: 'companies',
        when: 'after',
        source:
          "var t = sys.data.createRecord('companies');\nt.field('name').val('gone ' + record.field('name').val() + ' ' + event.recordId);\nsys.data.save(t);",
      },
    ];
    await (await open(hooks)).close();
    // What a parent that died right after a run's commit leaves behind.
    const db = new Database(join(dir, 'app.db'));
    const record = { id: 'old-1', version: 3, label: 'Old Co', fields: { name: 'Old Co' } };
    db.prepare(
      `INSERT INTO _warden_events (type, entity, record_id, record, old_record, data, time, depth)
       VALUES ('record.deleted', 'companies', 'old-1', ?, NULL, '{}', ?, 0)`,
    ).run(JSON.stringify(record), Date.now());
    db.close();

    const w = await open(hooks);
    await w.hooks.drain();
    expect([...(await w.store.find('companies', {}))].map((c) => c.fields.name)).toEqual([
      'gone Old Co old-1',
    ]);
    expect(w.store.db.prepare('SELECT count(*) FROM _warden_events').pluck().get()).toBe(0);
    await w.close();
  });

  it('an after-hook chain that triggers itself stops at the configured depth, recorded as a failure', async () => {
    const w = await open(
      [
        {
          name: 'chain',
          event: 'record.created',
          entity: 'companies',
          when: 'after',
          source:
            "var n = sys.data.createRecord('companies');\nn.field('name').val(record.field('name').val() + '+');\nsys.data.save(n);",
        },
      ],
      { hooks: { maxDepth: 3 } },
    );
    await w.run("var c = sys.data.createRecord('companies'); c.field('name').val('x'); sys.data.save(c);");
    await w.hooks.drain();
    expect([...(await w.store.find('companies', {}))].map((c) => c.fields.name).sort()).toEqual([
      'x',
      'x+',
      'x++',
      'x+++',
    ]);
    expect(w.hooks.failures()).toMatchObject([
      {
        hook: 'chain',
        code: 'badRequest',
        message: "hook 'chain' exceeded the hook depth limit of 3 (a hook that triggers itself?)",
      },
    ]);
    await w.close();
  });

  it('close() waits for the committed events to be delivered', async () => {
    const w = await open([
      {
        name: 'slowStaff',
        event: 'record.created',
        entity: 'companies',
        when: 'after',
        source:
          "var c = sys.data.findById('companies', record.id());\nc.field('employees').val(5);\nsys.data.save(c);",
      },
    ]);
    const { value: id } = await w.run(
      "var c = sys.data.createRecord('companies'); c.field('name').val('y'); sys.data.save(c); return c.id();",
    );
    await w.close();
    const db = new Database(join(dir, 'app.db'));
    const row = db.prepare('SELECT data FROM rec_companies WHERE id = ?').get(id) as { data: string };
    expect(JSON.parse(row.data).employees).toBe(5);
    db.close();
  });
});
