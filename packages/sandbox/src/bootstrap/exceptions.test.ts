import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.dispose());

describe('sys.exceptions', () => {
  it('has the code constants', () => {
    expect(
      h.value(
        `const x = sys.exceptions; return [x.VALIDATION_ERRORS, x.BAD_REQUEST_ERROR, x.NOT_FOUND_ERROR, x.ACCESS_FORBIDDEN_ERROR, x.OPTIMISTIC_LOCKING_ERROR, x.SYSTEM_ERROR, x.JAVASCRIPT_ERROR, x.ENDPOINT_ERROR, x.UNKNOWN_ERROR, x.TIMEOUT_ERROR];`,
      ),
    ).toEqual([
      'validationErrors',
      'badRequest',
      'notFound',
      'forbidden',
      'optimisticLocking',
      'systemException',
      'javascriptException',
      'endpointException',
      'unknownError',
      'timeout',
    ]);
  });

  it('ScriptException is constructible and answers code/message/getters/throw', () => {
    expect(
      h.value(`
      const e = new sys.exceptions.ScriptException('notFound', 'gone');
      let rethrown; try { e.throw(); } catch (x) { rethrown = x === e; }
      return [e instanceof sys.exceptions.ScriptException, e instanceof Error, e.code(), e.message(), e.getCode(), e.getMessage(), e.getAdditionalInfo(), rethrown, String(e)];`),
    ).toEqual([true, true, 'notFound', 'gone', 'notFound', 'gone', {}, true, 'notFound: gone']);
  });

  it('getCode gives null for anything but a ScriptException', () => {
    expect(
      h.value(`
      let js; try { null.x; } catch (e) { js = e; }
      let sx; try { sys.data.findById('companies', 5); } catch (e) { sx = e; }
      return [sys.exceptions.getCode(sx), sys.exceptions.getCode(js), sys.exceptions.getCode('x'), sys.exceptions.getCode({code: 'badRequest'})];`),
    ).toEqual(['badRequest', null, null, null]);
  });

  it('getMessage handles every type', () => {
    expect(
      h.value(`
      const m = sys.exceptions.getMessage;
      return [m('plain'), m(new sys.exceptions.ScriptException('badRequest', 'bad')), m({a: 1}), m(42), m(null), m(new TypeError('t'))];`),
    ).toEqual(['plain', 'bad', '{"a":1}', '42', 'null', 't']);
  });

  it('getAdditionalInfo gives {} when none, and the errors of validationErrors', () => {
    h.host.dispatch = () => {
      throw Object.assign(new Error('x'), {
        name: 'WardenError',
        code: 'validationErrors',
        message: 'Validation failed',
        errors: [{ field: 'name', code: 'required', message: 'name is required' }],
        info: { entity: 'companies' },
      });
    };
    expect(
      h.value(`
      let info; try { sys.data.save(sys.data.createRecord('companies')); } catch (e) { info = [sys.exceptions.getAdditionalInfo(e), e.code()]; }
      return [info, sys.exceptions.getAdditionalInfo(new Error('x')), sys.exceptions.getAdditionalInfo('s')];`),
    ).toEqual([
      [
        { entity: 'companies', errors: [{ field: 'name', code: 'required', message: 'name is required' }] },
        'validationErrors',
      ],
      {},
      {},
    ]);
  });

  it('throwException throws a ScriptException with any code string', () => {
    const e = h.error(`\nsys.exceptions.throwException('myCode', 'custom failure');`);
    expect(e).toMatchObject({ code: 'myCode', message: 'custom failure', line: 2 });
    expect(h.error(`sys.exceptions.throwException(5, 'x')`).message).toBe(
      'sys.exceptions.throwException: code must be a non-empty string, got number 5',
    );
  });

  it('failed envelopes become ScriptExceptions whose stack shows only user frames', () => {
    const out = h.value(`
      function load() { return sys.data.findById('companies', 'a', 'b') || sys.data.remove(sys.data.createRecord('companies')); }
      try { load(); } catch (e) { return e.stack; }`) as string;
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'ScriptException: badRequest: sys.data.remove: the record has not been saved, it has no id',
    );
    expect(lines.slice(1).every((l) => l.includes('file:///script.js'))).toBe(true);
    expect(lines).toHaveLength(3);
  });
});

describe('enter', () => {
  it('returns the value; Records become their toJson(), undefined becomes null', () => {
    expect(h.run(`return 1 + 1;`)).toEqual({ ok: true, value: 2 });
    expect(h.run(`return undefined;`)).toEqual({ ok: true, value: null });
    expect(
      h.run(`const r = sys.data.createRecord('companies'); r.field('name').val('X'); return {r};`),
    ).toEqual({
      ok: true,
      value: { r: { id: null, version: 0, label: null, entity: 'companies', name: 'X' } },
    });
  });

  it('passes params and records, and maps plain errors to javascriptException with the user location', () => {
    const rec = h.host.insert('companies', { name: 'Acme' });
    expect(
      h.value(`return [n * 2, record.label(), record instanceof sys.data.Record];`, {
        params: { n: 21 },
        records: { record: rec },
      }),
    ).toEqual([42, 'Acme', true]);
    const e = h.error(`\n  const x = null;\n  return x.y;`);
    expect(e).toMatchObject({
      code: 'javascriptException',
      message: "TypeError: Cannot read properties of null (reading 'y')",
      line: 3,
      column: 12,
    });
    expect(
      e.stack
        .split('\n')
        .slice(1)
        .every((l) => l.includes('file:///script.js')),
    ).toBe(true);
  });

  it('any thrown value is described, never thrown at the host', () => {
    expect(h.error(`throw 'text';`)).toMatchObject({
      code: 'javascriptException',
      message: 'text',
      line: null,
    });
    expect(h.error(`throw {a: 1};`).message).toBe('{"a":1}');
    expect(
      h.error(
        `throw new Proxy({}, {get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); }});`,
      ).code,
    ).toBe('javascriptException');
    expect(
      h.error(`const e = new Error('m'); Object.defineProperty(e, 'name', {get() { throw 1; }}); throw e;`)
        .code,
    ).toBe('javascriptException');
    expect(h.error(`const o = {}; o.o = o; return o;`).message).toMatch(
      /^TypeError: Converting circular structure/,
    );
  });

  it('a user Error.prepareStackTrace does not break ScriptExceptions', () => {
    const e = h.error(
      `Error.prepareStackTrace = () => { throw new Error('no'); }; sys.data.findById('companies', 1);`,
    );
    expect(e).toMatchObject({
      code: 'badRequest',
      message: 'sys.data.findById: id must be a non-empty string, got number 1',
      line: 1,
    });
    expect(h.error(`Error.prepareStackTrace = () => { throw new Error('no'); }; null.x;`).message).toMatch(
      /^TypeError/,
    );
  });
});
