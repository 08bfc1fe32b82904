import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

// `sys` and `log` are built on first use, so in these contexts the script runs before they exist.
let h: Harness;
afterEach(() => h.dispose());

describe('sys built on first use', () => {
  it('a script that throws before touching sys gets the usual error, with its own line', () => {
    h = createHarness();
    expect(h.error('\n\nnull.x;')).toMatchObject({
      code: 'javascriptException',
      message: expect.stringMatching(/^TypeError: Cannot read properties of null/),
      line: 3,
    });
  });

  it('builtins tampered with before the first use do not change what sys builds', () => {
    h = createHarness();
    const value = h.value(`
      // Inherited descriptor fields would turn the bootstrap's defineProperty calls into accessors.
      Object.defineProperty(Object.prototype, 'writable', { value: true, configurable: true });
      Object.defineProperty(Object.prototype, 'get', { value: function () { throw new Error('hijacked get'); }, configurable: true });
      Array.prototype[Symbol.iterator] = function () { throw new Error('hijacked iterator'); };
      JSON.parse = function () { throw new Error('hijacked parse'); };
      Object.freeze = function (o) { return o; };
      Error = function () { throw new Error('hijacked Error'); };
      const r = sys.data.createRecord('companies');
      r.field('name').val('Acme');
      const failed = (() => { try { sys.exceptions.throwException('myCode', 'why'); } catch (e) { return sys.exceptions.getCode(e); } })();
      return [
        r.field('name').val(),
        failed,
        Object.isFrozen(sys.data),
        Object.getOwnPropertyDescriptor(sys, 'data').writable,
        Object.getOwnPropertyDescriptor(sys.exceptions.ScriptException.prototype, 'name').writable,
      ];`);
    expect(value).toEqual(['Acme', 'myCode', true, false, false]);
  });

  it('records passed in are built before the script starts, and go back out', () => {
    h = createHarness();
    const record = { entity: 'companies', id: null, version: 0, label: null, fields: { name: 'Acme' } };
    expect(h.value(`return record.field('name').val();`, { records: { record } })).toBe('Acme');
  });

  it('a script that returns a record made inside toJSON still returns its JSON form', () => {
    h = createHarness();
    const value = h.value(
      `return { toJSON() { const r = sys.data.createRecord('companies'); r.field('name').val('Late'); return r; } };`,
    );
    expect(value).toMatchObject({ entity: 'companies', name: 'Late' });
  });
});
