import type { AppSchema } from '@warden/sys-api';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBootstrapSchema } from './index.js';
import { createHarness, type Harness } from './testing/harness.js';
import { TEST_SCHEMA } from './testing/test-schema.js';

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

describe('entity schemas read on first use', () => {
  it('each entity crosses as a line of its own; every entity of a large app works, in any order', () => {
    const entities: AppSchema['entities'] = {};
    for (let i = 0; i < 40; i++) {
      const name = `e${i}`;
      entities[name] = {
        name,
        label: '{title}',
        fields: { title: { name: 'title', type: 'text', multiple: false, required: true } },
      };
    }
    const schema = { ...TEST_SCHEMA, entities: { ...TEST_SCHEMA.entities, ...entities } };
    const [head, ...lines] = encodeBootstrapSchema(schema).split('\n');
    const decoded = lines.map((line) => line.split('\t')).map(([name, text]) => [name, JSON.parse(text!)]);
    expect({ ...JSON.parse(head!), entities: Object.fromEntries(decoded) }).toEqual(schema);

    h = createHarness(schema);
    const value = h.value(`
      const out = [];
      for (const name of ['e39', 'e0', 'e39', 'e17']) {
        const r = sys.data.createRecord(name);
        r.field('title').val(name + '!');
        out.push(sys.data.save(r).label());
      }
      const c = sys.data.createRecord('companies');
      c.field('name').val('Acme');
      out.push(sys.data.save(c).label());
      return out;`);
    expect(value).toEqual(['e39!', 'e0!', 'e39!', 'e17!', 'Acme']);
  });

  it('an entity first used after the script patched builtins is read as usual', () => {
    h = createHarness();
    const value = h.value(`
      const before = sys.data.createRecord('companies');
      JSON.parse = () => ({ fields: {} });
      Map.prototype.get = () => undefined;
      Map.prototype.set = function () { return this; };
      String.prototype.slice = () => 'companies';
      const user = sys.data.createRecord('sys.users');
      user.field('firstName').val('Ada');
      return [before.entityName(), user.entityName(), user.field('firstName').val(), user.field('groups').val()];`);
    expect(value).toEqual(['companies', 'sys.users', 'Ada', []]);
  });

  it('names inherited by plain objects are not entities', () => {
    h = createHarness();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(h.error(`sys.data.createRecord('${name}')`).message).toBe(
        `sys.data.createRecord: entityName must be the name of an entity, got "${name}"`,
      );
    }
  });
});
