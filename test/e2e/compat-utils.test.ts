import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type WardenEvent } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// sys.utils, sys.context.root()/any(), sys.ui.sendMessage and app libraries through real workers.
const dir = mkdtempSync(join(tmpdir(), 'warden-compat-utils-'));
const APP = join(dir, 'app', 'app.json');
const app = (libraries: unknown[], hooks: unknown[] = []) => ({
  name: 'desk',
  entities: {
    tickets: {
      label: 'title',
      fields: { title: { type: 'text', required: true }, note: { type: 'text' }, code: { type: 'text' } },
    },
  },
  libraries,
  hooks,
});

beforeAll(() => {
  mkdirSync(join(dir, 'app', 'libs'), { recursive: true });
  writeFileSync(join(dir, 'secret.js'), 'exports.leak = 1;\n');
  writeFileSync(
    join(dir, 'app', 'libs', 'text.js'),
    "exports.shout = function (s) { return s.toUpperCase() + '!'; };\n",
  );
  writeFileSync(join(dir, 'app', 'libs', 'bad.js'), 'exports.x = function ( {;\n');
  symlinkSync(join(dir, 'secret.js'), join(dir, 'app', 'libs', 'link.js'));
  writeFileSync(
    APP,
    JSON.stringify(
      app(
        [
          { name: 'commons.text', script: 'libs/text.js' },
          { name: 'codes', source: "exports.next = function (n) { return 'T-' + n; };" },
        ],
        [
          {
            name: 'stamp',
            event: 'record.created',
            entity: 'tickets',
            when: 'before',
            source:
              "record.field('code').val(app.codes.next(1)); record.field('note').val(String([sys.context.any().entity('tickets').create().check(), sys.context.root().entity('tickets').create().check(), sys.context.any().listener('stamp').check()]));",
          },
          {
            name: 'audit',
            event: 'record.created',
            entity: 'tickets',
            when: 'after',
            source:
              "var t = sys.data.findById('tickets', record.id()); t.field('note').val(t.field('note').val() + '|' + sys.context.root().entity('tickets').create().with({recordId: record.id()}).check() + ',' + app.commons.text.shout('after')); sys.data.save(t);",
          },
        ],
      ),
    ),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sys.utils, sys.context and sys.ui through warden runs', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ app: APP, executor: { workers: 2 } });
  });
  afterAll(() => w.dispose());

  it('a key lock excludes other runs while held and is released when its run ends', async () => {
    // Both workers up first, so that the holder is running when the second run tries.
    await Promise.all([w.run('return 1'), w.run('return 2')]);
    const holder = w.run(`sys.utils.concurrency.lock('cache'); sys.utils.script.wait(2500); return 'held';`);
    await new Promise((r) => setTimeout(r, 800));
    const during = await w.run(`return sys.utils.concurrency.tryLock('cache', 100);`);
    expect(during.value).toBe(false);
    expect((await holder).value).toBe('held');
    // The holder never unlocked: its end did.
    expect((await w.run(`return sys.utils.concurrency.tryLock('cache');`)).value).toBe(true);
    const timedOut = await w
      .run(`sys.utils.concurrency.lock('busy'); return 1;`)
      .then(() => w.run(`return sys.utils.concurrency.lock('x', 1);`));
    expect(timedOut.value).toBe(true);
  });

  it('script.wait counts against the run: a wait past the time limit ends the run with timeout', async () => {
    const started = Date.now();
    const error = await w.run(`sys.utils.script.wait(20000); return 1;`, { timeoutMs: 400 }).catch((e) => e);
    expect(error).toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('bad arguments are coded errors naming the sys call', async () => {
    const cases: [string, string][] = [
      [
        `sys.utils.crypto.hashHmac('m', 'k', 'SHA999')`,
        'sys.utils.crypto.hashHmac: algorithm must be one of',
      ],
      [`sys.utils.crypto.jwt.generate({a: 1}, 'k', 'none')`, 'sys.utils.crypto.jwt.generate: algorithm'],
      [`sys.utils.xml.xmlToJson('<a><b></a>')`, 'sys.utils.xml.xmlToJson: the text is not well-formed XML'],
      [`sys.utils.script.wait(-1)`, 'sys.utils.script.wait: timeToWait must be'],
      [`sys.utils.concurrency.tryLock('k', 'soon')`, 'sys.utils.concurrency.tryLock: timeout must be'],
      [
        `sys.utils.time.format(new Date(), 'yyyy', 'Mars/Olympus')`,
        "sys.utils.time.format: unknown time zone 'Mars/Olympus'",
      ],
      [`sys.utils.numbers.BigNumber('12abc')`, "sys.utils.numbers.BigNumber: '12abc' is not a number"],
      [`sys.ui.sendMessage('navigate')`, 'sys.ui.sendMessage: message must be an object'],
      [`sys.context.any().entity(5).create().check()`, 'sys.context.any().entity: entityName must be'],
    ];
    for (const [script, message] of cases) {
      const error = await w.run(script).catch((e) => e);
      expect(error, script).toMatchObject({ code: 'badRequest' });
      expect(error.message, script).toContain(message);
    }
  });

  it('a UI message reaches host listeners after commit, and never from a run that rolled back', async () => {
    const seen: WardenEvent[] = [];
    const off = w.on('ui.message', (e) => void seen.push(e));
    try {
      await w.run(
        `sys.ui.sendMessage({scope: 'global', name: 'navigate', view: 'tickets', callbacks: {a: function () {}}});`,
      );
      await w
        .run(`sys.ui.sendMessage({name: 'never'}); throw 'failed after sending';`)
        .catch(() => undefined);
      await w.hooks.drain();
      expect(seen.map((e) => e.data)).toEqual([{ scope: 'global', name: 'navigate', view: 'tickets' }]);
      expect(seen[0]).toMatchObject({ type: 'ui.message', entity: '', recordId: '' });
    } finally {
      off();
    }
  });

  it('hooks see the context stack and use app libraries; scripts reach libraries as app.<path>', async () => {
    const out = await w.run(`
      var t = sys.data.createRecord('tickets');
      t.field('title').val('Printer');
      sys.data.save(t);
      return [t.id(), t.field('code').val(), app.commons.text.shout('hi'), Object.keys(app)];`);
    const [id, code, shout, keys] = out.value as [string, string, string, string[]];
    expect([code, shout, keys]).toEqual(['T-1', 'HI!', ['commons', 'codes']]);
    await w.hooks.drain();
    expect(w.hooks.failures()).toEqual([]);
    // before-hook: inside the script's create (any), not its root (the script); itself a listener.
    // after-hook: a run of its own whose root is the create it was raised by.
    expect((await w.store.findById('tickets', id))!.fields.note).toBe('true,false,true|true,AFTER!');
  });
});

describe('app libraries in the app definition', () => {
  const open = (libraries: unknown[]) => {
    const file = join(dir, 'app', `app-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(app(libraries)));
    return createRuntime({
      database: join(dir, `${Math.random()}.db`),
      app: file,
      mail: { dispatch: false },
    });
  };

  it.each([
    [
      [{ name: 'x', script: '../secret.js' }],
      "libraries[0].script: '../secret.js' is outside the app definition's folder",
    ],
    [
      [{ name: 'x', script: 'libs/link.js' }],
      "libraries[0].script: 'libs/link.js' is outside the app definition's folder",
    ],
    [
      [{ name: 'x', script: join(dir, 'secret.js') }],
      "must be a path relative to the app definition's folder",
    ],
    [[{ name: 'x', script: 'libs/bad.js' }], "libraries[0].script: 'x' does not compile"],
    [[{ name: 'a.__proto__', source: '' }], 'libraries[0].name: must be identifiers joined by dots'],
    [
      [
        { name: 'a', source: '' },
        { name: 'a.b', source: '' },
      ],
      "libraries[1].name: 'a.b' clashes with the library 'a'",
    ],
  ])('%j is refused', async (libraries, message) => {
    const error = await open(libraries).catch((e) => e);
    expect(error).toMatchObject({ code: 'badRequest' });
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(dir);
  });
});
