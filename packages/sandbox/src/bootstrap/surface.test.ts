import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDtsSurface } from './testing/dts-surface.js';
import { createHarness, type Harness } from './testing/harness.js';

const DTS = fileURLToPath(new URL('../../../sys-api/types/sys.d.ts', import.meta.url));
const dts = readDtsSurface(DTS);

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.dispose());

/** In-isolate helper: method names of an instance (prototype chain) or of a plain object. */
const METHODS = `
  const fnToString = Function.prototype.toString;
  const methods = (x) => {
    const out = new Set();
    let o = Object.getPrototypeOf(x) === Object.prototype ? x : Object.getPrototypeOf(x);
    while (o && o !== Object.prototype && o !== Error.prototype) {
      for (const k of Object.getOwnPropertyNames(o)) {
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (k !== 'constructor' && typeof d.value === 'function') out.add(k);
      }
      if (o === x) break;
      o = Object.getPrototypeOf(o);
    }
    return [...out].sort();
  };`;

describe('the sys surface matches sys.d.ts', () => {
  it('every namespace key, class and class method, recursively, both ways', () => {
    const real = h.value(`${METHODS}
      const out = [];
      const walk = (obj, path) => {
        for (const k of Object.keys(obj)) {
          const v = obj[k];
          const p = path + '.' + k;
          out.push(p);
          if (typeof v === 'function' && /^class\\b/.test(fnToString.call(v))) {
            for (const m of methods(Object.create(v.prototype))) out.push(p + '#' + m);
          } else if (v && typeof v === 'object') walk(v, p);
        }
      };
      walk(sys, 'sys');
      return out.sort();`) as string[];
    expect(real.length).toBeGreaterThan(100);
    expect(dts.paths.filter((p) => !real.includes(p))).toEqual([]);
    expect(real.filter((p) => !dts.paths.includes(p))).toEqual([]);
    expect(h.value(`return typeof log;`)).toBe('function');
  });

  it.each([
    ['sys.data.UserRecord', `sys.data.createRecord('sys.users')`],
    ['sys.data.RelationshipWrapper', `sys.data.createRecord('companies').field('parent')`],
    ['sys.data.ChoiceWrapper', `sys.data.createRecord('companies').field('type')`],
    ['sys.data.GroupWrapper', `sys.data.createRecord('companies').field('team')`],
    ['sys.data.DateTimeWrapper', `sys.data.createRecord('companies').field('updatedAt')`],
    ['sys.data.DateWrapper', `sys.data.createRecord('companies').field('founded')`],
    ['sys.data.TimeWrapper', `sys.data.createRecord('companies').field('opensAt')`],
    ['sys.data.NumberWrapper', `sys.data.createRecord('companies').field('employees')`],
    ['sys.data.UrlWrapper', `sys.data.createRecord('companies').field('homepage')`],
    ['sys.data.RankWrapper', `sys.data.createRecord('companies').field('rank')`],
    ['sys.data.NestedWrapper', `sys.data.createRecord('companies').field('contact')`],
    [
      'sys.data.ComplexQueryHelper',
      `(() => { let q; sys.data.createQuery('companies').query((c) => { q = c; return c.field('name').empty(); }); return q; })()`,
    ],
    [
      'sys.data.ComplexQueryCriteria',
      `(() => { let x; sys.data.createQuery('companies').query((c) => (x = c.field('name').empty())); return x; })()`,
    ],
    ['sys.data.MatchStage', `sys.data.createAggregateQuery('companies').match()`],
    ['sys.data.GroupStage', `sys.data.createAggregateQuery('companies').group()`],
    ['sys.data.Accumulator', `sys.data.createAggregateQuery('companies').group().accumulate('x')`],
    ['sys.data.SortStage', `sys.data.createAggregateQuery('companies').sort()`],
    ['sys.data.ProjectStage', `sys.data.createAggregateQuery('companies').project()`],
    ['sys.data.CountStage', `sys.data.createAggregateQuery('companies').count()`],
    ['sys.data.StepStage', `sys.data.createAggregateQuery('companies').limit()`],
    ['sys.data.UnwindStage', `sys.data.createAggregateQuery('companies').unwind()`],
    ['sys.data.LookupStage', `sys.data.createAggregateQuery('companies').lookup()`],
  ])('%s', (name, expression) => {
    expect(h.value(`${METHODS} return methods(${expression});`)).toEqual(dts.methodsOf(name));
  });

  it('every function in sys.d.ts has a doc comment with an @example', () => {
    expect(dts.undocumented).toEqual([]);
  });
});

describe('hardening', () => {
  let h: Harness;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(() => h.dispose());

  it('sys, its namespaces, functions, classes and prototypes are frozen; sys and log are fixed', () => {
    expect(
      h.value(`
      const seen = new Set();
      const notFrozen = [];
      const visit = (v, path) => {
        if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v)) return;
        seen.add(v);
        if (!Object.isFrozen(v)) notFrozen.push(path);
        for (const k of Object.getOwnPropertyNames(v)) {
          if (typeof v === 'function' && (k === 'caller' || k === 'arguments')) continue;
          visit(Object.getOwnPropertyDescriptor(v, k).value, path + '.' + k);
        }
      };
      visit(sys, 'sys');
      visit(sys.utils, 'sys.utils'); // an accessor built on first use: its descriptor holds no value
      visit(log, 'log');
      // Accessors built on first use: no setter, not configurable, the getter itself frozen.
      const d = (k) => { const x = Object.getOwnPropertyDescriptor(globalThis, k); return [x.set === undefined, x.configurable, Object.isFrozen(x.get)]; };
      return {notFrozen, sys: d('sys'), log: d('log')};`),
    ).toEqual({ notFrozen: [], sys: [true, false, true], log: [true, false, true] });
    const attempts = [
      `sys = {}`,
      `sys.data = {}`,
      `sys.data.findById = () => 1`,
      `sys.data.Record.prototype.id = () => 'x'`,
      `delete globalThis.log`,
      `Object.defineProperty(globalThis, 'sys', {value: 1})`,
    ];
    for (const attempt of attempts) {
      expect(h.error(`'use strict'; ${attempt};`).message).toMatch(/^TypeError/);
    }
  });

  it('globalThis holds no bridge internals: only sys and log are added', () => {
    const baseline = h.isolate.createContextSync();
    const names = (ctx: typeof baseline) =>
      ctx.evalSync(`Object.getOwnPropertyNames(globalThis).join(',')`, { copy: true }) as string;
    const before = names(baseline).split(',');
    const after = names(h.context).split(',');
    expect(after.filter((n) => !before.includes(n)).sort()).toEqual(['log', 'sys']);
    expect(
      h.value(
        `return [typeof $0, typeof $1, typeof $2, typeof ivm, typeof enter, typeof call, typeof dataApi];`,
      ),
    ).toEqual(Array(7).fill('undefined'));
    baseline.release();
  });

  it('the bridge keeps working after the script tampers with builtins', () => {
    const id = h.host.insert('companies', { name: 'Acme' }).id!;
    expect(
      h.value(`
      JSON.stringify = () => '"hacked"';
      JSON.parse = () => ({ok: true, value: 'hacked'});
      Array.prototype.push = function () { throw new Error('no push'); };
      Array.prototype[Symbol.iterator] = function* () {};
      Object.prototype.toJSON = function () { return 'hacked'; };
      Object.keys = () => [];
      Function.prototype.apply = () => 'hacked';
      const r = sys.data.findById('companies', '${id}');
      r.field('tags').add('x');
      sys.data.save(r);
      const out = [r.label(), r.field('tags').size(), sys.data.count('companies', {name: 'Acme'})];
      delete Object.prototype.toJSON; // the script's own result is serialized in its own realm
      return out;`),
    ).toEqual(['Acme', 1, 1]);
    expect(h.host.get('companies', id)!.fields.tags).toEqual(['x']);
  });

  it('a toJSON the script puts on Array.prototype or behind it does not change what is sent', () => {
    expect(
      h.value(`
      const saved = (name, tags) => {
        const r = sys.data.createRecord('companies');
        r.field('name').val(name); r.field('tags').val(tags);
        return sys.data.save(r).id();
      };
      Array.prototype.toJSON = function () { return 'hacked'; };
      const own = saved('Own', ['x', 'y']);
      delete Array.prototype.toJSON;
      Object.setPrototypeOf(Array.prototype, { __proto__: Object.prototype, toJSON() { return 'hacked'; } });
      const behind = saved('Behind', ['z']);
      Object.setPrototypeOf(Array.prototype, Object.prototype);
      return [own, behind];`),
    ).toSatisfy((ids: string[]) => {
      expect(ids.map((id) => h.host.get('companies', id)!.fields.tags)).toEqual([['x', 'y'], ['z']]);
      return true;
    });
  });

  it('arguments are read once: a getter that changes between reads cannot split check and use', () => {
    h.value(`
      let n = 0;
      const options = { get mode() { n++; return n === 1 ? 'standard' : 'lite'; } };
      const r = sys.data.createRecord('companies'); r.field('name').val('A');
      sys.data.save(r, options);
      if (n !== 1) throw new Error('getter ran ' + n + ' times');`);
    expect(h.host.calls.find((c) => c.op === 'data.save')!.args[1]).toEqual({ mode: 'standard' });
  });

  it('functions, symbols, cycles and prototype keys in arguments are badRequests', () => {
    const cases: [string, string][] = [
      [
        `sys.data.count('companies', {name: () => 1})`,
        `sys.data.count: query 'name': a function cannot be sent, only JSON data`,
      ],
      [
        `sys.data.count('companies', {name: Symbol('x')})`,
        `sys.data.count: query 'name': a symbol cannot be sent, only JSON data`,
      ],
      [
        `const o = {}; o.o = o; sys.data.count('companies', {x: o})`,
        `sys.data.count: query 'x': the value contains a cycle`,
      ],
      [
        `sys.data.count('companies', JSON.parse('{"__proto__": {"admin": true}}'))`,
        `sys.data.count: the key '__proto__' is not allowed`,
      ],
      [
        `sys.data.save(sys.data.createRecord('companies'), {constructor: 1})`,
        `sys.data.save: options: the key 'constructor' is not allowed`,
      ],
    ];
    for (const [script, message] of cases)
      expect(h.error(script)).toMatchObject({ code: 'badRequest', message });
  });
});
