import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// Each hostile script must end contained with a coded error (or a harmless value), and the
// next normal run on the same runtime must succeed while the host's event loop keeps ticking.
const NORMAL = `var c = sys.data.createRecord('companies'); c.field('name').val('ok ' + Math.random());
  sys.data.save(c); return sys.data.count('companies', {}) > 0;`;

const cases: { name: string; source: string; code?: string; limits?: Record<string, number> }[] = [
  { name: 'infinite loop', source: 'for(;;){}', code: 'timeout', limits: { wallMs: 300 } },
  {
    name: 'catastrophic regex',
    source: "/^(a+)+$/.test('a'.repeat(40) + 'b')",
    code: 'timeout',
    limits: { wallMs: 300 },
  },
  {
    name: 'a loop of sys calls that swallows every error',
    source: "for(;;){ try { sys.data.findById('companies', 'x'); } catch (e) {} }",
    code: 'timeout',
    limits: { wallMs: 400 },
  },
  {
    name: 'too many host calls',
    source: "for(;;){ try { sys.data.count('companies', {}); } catch (e) {} }",
    code: 'systemException',
    limits: { maxHostCalls: 500 },
  },
  {
    name: 'memory bomb',
    source: 'var a = []; for(;;) a.push({x: a.length, y: "y".repeat(64)});',
    code: 'systemException',
  },
  {
    name: '100 MB string returned',
    source: "return 'x'.repeat(100 * 1024 * 1024);",
    code: 'systemException',
  },
  {
    name: 'a key lock awaited past the run time',
    source: "sys.utils.concurrency.lock('k'); sys.utils.script.wait(1e6);",
    code: 'timeout',
    limits: { wallMs: 300 },
  },
  {
    name: 'a BigNumber power too large',
    source: "return sys.utils.numbers.BigNumber('99999999999').pow(1000).pow(1000).toString().length;",
    code: 'badRequest',
  },
  {
    name: 'deep recursion',
    source: 'function f(n){ return f(n + 1) + 1; } return f(0);',
    code: 'javascriptException',
  },
];

describe('hostile scripts through run()', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime();
  });
  afterAll(async () => {
    await w.dispose();
  });

  for (const c of cases) {
    it(`${c.name}: contained, and the next run works`, async () => {
      // The host's loop turns while the run is out: an immediate queued after run() fires before
      // its answer (a run on the host thread would settle first, or block the loop until then).
      // A tick counter on a timer said the same only for runs longer than its period.
      let turned = false;
      const running = w.run(c.source, { limits: c.limits });
      setImmediate(() => {
        turned = true;
      });
      const error = await running.catch((e) => e);
      expect(turned).toBe(true);
      expect(error?.code, String(error?.message)).toBe(c.code);
      expect(error.message).not.toMatch(/node_modules|\/work\/|SELECT|sqlite/i);
      expect((await w.run(NORMAL)).value).toBe(true);
    });
  }

  it('a 100 MB log is capped, the run survives or fails cleanly, and the next run works', async () => {
    const result = await w
      .run("sys.logs.info('x'.repeat(100 * 1024 * 1024)); return 'done';")
      .catch((e) => ({ error: e }));
    if ('error' in result) expect(result.error.code).toBe('systemException');
    else expect(result.logs.reduce((n, l) => n + l.message.length, 0)).toBeLessThan(2 * 1024 * 1024);
    expect((await w.run(NORMAL)).value).toBe(true);
  });

  it('sys.utils input meant to blow up stays small: XML entities are not expanded, templates reach no prototype', async () => {
    const { value } = await w.run(`
      var d = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>';
      var json = JSON.stringify(sys.utils.xml.xmlToJson(d + '<r>' + '&c;'.repeat(10000) + '</r>'));
      var template = sys.utils.text.processTemplate('\${m.__proto__.constructor!"none"}|\${m.constructor.name!"none"}', {model: {m: {}}});
      return [json.length < 100000, template];`);
    expect(value).toEqual([true, 'none|none']);
    expect((await w.run(NORMAL)).value).toBe(true);
  });

  it('constructor walks from every bridged value never reach the host', async () => {
    const { value } = await w.run(`
      var c = sys.data.createRecord('companies'); c.field('name').val('walk'); sys.data.save(c);
      var values = [this, sys, sys.data, sys.data.find, log, c, c.field('name'), sys.data.find('companies', {}),
                    sys.data.findOne('companies', {}), sys.users, sys.context, sys.exceptions];
      try { sys.data.findById('nope', 'x'); } catch (e) { values.push(e); }
      try { sys.data.save(sys.data.createRecord('companies')); } catch (e) { values.push(e); }
      var reached = [];
      values.forEach(function (v, i) {
        try {
          var p = v.constructor.constructor('return typeof process === "undefined" ? null : process')();
          if (p) reached.push(i);
        } catch (e) {}
      });
      return { reached: reached, require: typeof require, process: typeof process };`);
    expect(value).toEqual({ reached: [], require: 'undefined', process: 'undefined' });
  });

  it('__proto__ keys in records and queries are refused and pollute nothing', async () => {
    const polluted = await w
      .run(`
        var c = sys.data.createRecord('companies');
        c.fromJson(JSON.parse('{"name": "proto", "__proto__": {"isAdmin": true}}'));
        sys.data.save(c);`)
      .catch((e) => e);
    expect(polluted.code).toMatch(/badRequest|validationErrors/);
    const query = await w
      .run(`sys.data.find('companies', JSON.parse('{"__proto__": {"x": 1}}')).toArray()`)
      .catch((e) => e);
    expect(query.code).toBe('badRequest');
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(await w.store.count('companies', { name: 'proto' })).toBe(0);
  });

  it('globals and prototype patches of one run are invisible to the next', async () => {
    await w.run('Array.prototype.evil = 1; globalThis.leak = 42; let t = 1;');
    const { value } = await w.run('let t = 2; return [typeof [].evil, typeof leak, t];');
    expect(value).toEqual(['undefined', 'undefined', 2]);
  });
});
