import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
  for (const [name, type, employees] of [
    ['Acme', 'a', 10],
    ['Blogpad', 'b', 20],
    ['Jazzy', 'a', 30],
  ] as const) {
    h.host.insert('companies', { name, type, employees });
  }
});
afterEach(() => h.dispose());

const ids = () => h.host.all('companies').map((r) => r.id!);

describe('sys.data reads', () => {
  it('findById returns a Record or null, and checks its arguments', () => {
    const [id] = ids();
    expect(
      h.value(
        `const r = sys.data.findById('companies', '${id}'); return [r instanceof sys.data.Record, r.id(), r.label(), r.entityName(), r.isNew()];`,
      ),
    ).toEqual([true, id, 'Acme', 'companies', false]);
    expect(h.value(`return sys.data.findById('companies', 'nope');`)).toBeNull();
    expect(h.error(`sys.data.findById('companies', 42)`).message).toBe(
      'sys.data.findById: id must be a non-empty string, got number 42',
    );
    expect(h.error(`sys.data.findById('nope', 'x')`).code).toBe('badRequest');
  });

  it('findById sends an id with quotes, backslashes and line breaks as it is', () => {
    h.takeCalls();
    const id = 'a"b\\c\n\u2028]';
    expect(h.value(`return sys.data.findById('companies', ${JSON.stringify(id)});`)).toBeNull();
    expect(h.takeCalls()).toEqual([{ op: 'data.findById', args: ['companies', id] }]);
  });

  it('findOne takes a map, a builder, or a string key (id, or email on sys.users)', () => {
    h.host.insert('sys.users', { firstName: 'Ann', lastName: 'Lee', email: 'Ann@x.test' });
    expect(h.value(`return sys.data.findOne('companies', {name: 'Jazzy'}).label();`)).toBe('Jazzy');
    expect(
      h.value(
        `return sys.data.findOne(sys.data.createQuery('companies').field('name').equals('Blogpad')).label();`,
      ),
    ).toBe('Blogpad');
    expect(h.value(`return sys.data.findOne('sys.users', 'ann@x.test').email();`)).toBe('Ann@x.test');
    expect(h.value(`return sys.data.findOne('companies', {name: 'none'});`)).toBeNull();
    expect(h.takeCalls().map((c) => c.args[1])).toEqual([
      { name: 'Jazzy' },
      { _and: [{ name: 'equals(Blogpad)' }] },
      'ann@x.test',
      { name: 'none' },
    ]);
  });

  it('find returns a lazy ResultSet: hasNext/next/count/toArray/close', () => {
    const out = h.value(`
      const rs = sys.data.find('companies', {type: 'a'});
      const names = [];
      while (rs.hasNext()) names.push(rs.next().label());
      let err; try { rs.next(); } catch (e) { err = e.code() + ': ' + e.message(); }
      return {names, count: rs.count(), err};`);
    expect(out).toEqual({
      names: ['Jazzy', 'Acme'],
      count: 2,
      err: 'badRequest: ResultSet.next: there are no more elements',
    });
    const ops = h.takeCalls().map((c) => c.op);
    expect(ops).toEqual(['data.find', 'data.count']);
  });

  it('find opens nothing until read and pages through the host 200 rows at a time', () => {
    for (let i = 0; i < 450; i++) h.host.insert('companies', { name: `C${i}` });
    h.takeCalls();
    expect(
      h.value(
        `const rs = sys.data.find('companies'); let n = 0; while (rs.hasNext()) { rs.next(); n++; } return n;`,
      ),
    ).toBe(453);
    expect(h.takeCalls().map((c) => [c.op, c.args.at(-1)])).toEqual([
      ['data.find', 200],
      ['data.cursorNext', 200],
      ['data.cursorNext', 200],
    ]);
    h.value(`sys.data.find('companies');`);
    expect(h.takeCalls()).toEqual([]);
  });

  it('toArray gives the rest, and throws systemException above 1,000 elements', () => {
    expect(
      h.value(`const rs = sys.data.find('companies'); rs.next(); return rs.toArray().map(r => r.label());`),
    ).toEqual(['Blogpad', 'Acme']);
    for (let i = 0; i < 1001; i++) h.host.insert('companies', { name: `C${i}` });
    const e = h.error(`sys.data.find('companies').toArray();`);
    expect(e.code).toBe('systemException');
    expect(e.message).toMatch(/more than 1000/);
  });

  it('close releases an open cursor on the host', () => {
    for (let i = 0; i < 300; i++) h.host.insert('companies', { name: `C${i}` });
    h.takeCalls();
    expect(
      h.value(`const rs = sys.data.find('companies'); rs.next(); rs.close(); return rs.hasNext();`),
    ).toBe(false);
    expect(h.takeCalls().map((c) => c.op)).toEqual(['data.find', 'data.cursorClose']);
  });

  it('find with a string query is a badRequest', () => {
    const e = h.error(`sys.data.find('companies', 'abc');`);
    expect(e.code).toBe('badRequest');
    expect(e.message).toMatch(/^sys\.data\.find: Query options are not valid/);
  });

  it('count takes a map or a builder', () => {
    expect(
      h.value(
        `return [sys.data.count('companies'), sys.data.count('companies', {type: 'a'}), sys.data.count(sys.data.createQuery('companies').field('type').equals('b'))];`,
      ),
    ).toEqual([3, 2, 1]);
  });

  it('aggregate takes a map pipeline or an AggregateQuery and gives plain objects', () => {
    expect(h.value(`return sys.data.aggregate('companies', [{count: 'n'}]).toArray();`)).toEqual([
      { entity: 'companies', stages: 1 },
    ]);
    expect(
      h.value(
        `const q = sys.data.createAggregateQuery('companies'); q.count().counterName('n'); const rs = sys.data.aggregate(q); return rs.next();`,
      ),
    ).toEqual({ entity: 'companies', stages: 1 });
    expect(h.takeCalls().map((c) => c.args)).toEqual([
      ['companies', [{ count: 'n' }], 200],
      ['companies', [{ count: 'n' }], 200],
    ]);
    expect(h.value(`return sys.data.aggregate('companies', [{count: 'n'}]).count();`)).toBe(1);
    expect(h.error(`sys.data.aggregate('companies', {count: 'n'})`).message).toBe(
      'sys.data.aggregate: pipeline must be an array, got object',
    );
  });

  it('refresh gives the stored record, or null once removed', () => {
    const [id] = ids();
    expect(
      h.value(
        `const r = sys.data.findById('companies', '${id}'); r.field('name').val('Local'); return sys.data.refresh(r).label();`,
      ),
    ).toBe('Acme');
    expect(
      h.value(
        `const r = sys.data.findById('companies', '${id}'); sys.data.remove(r); return sys.data.refresh(r);`,
      ),
    ).toBeNull();
    expect(h.error(`sys.data.refresh(sys.data.createRecord('companies'))`).message).toBe(
      'sys.data.refresh: the record has not been saved, it has no id',
    );
  });
});

describe('sys.data writes', () => {
  it('save inserts, updates the record in place and returns it; defaults come back', () => {
    const out = h.value(`
      const r = sys.data.createRecord('companies');
      r.field('name').val('Newco');
      const same = sys.data.save(r) === r;
      return {same, id: r.id(), label: r.label(), rating: r.field('rating').val(), isNew: r.isNew()};`);
    expect(out).toMatchObject({ same: true, label: 'Newco', rating: 3, isNew: false });
    expect(h.host.get('companies', (out as { id: string }).id)?.version).toBe(1);
  });

  it('save sends the wire record and options, and lite mode returns null', () => {
    const [id] = ids();
    expect(
      h.value(`const r = sys.data.findById('companies', '${id}'); return sys.data.save(r, {mode: 'lite'});`),
    ).toBeNull();
    const save = h.takeCalls().find((c) => c.op === 'data.save')!;
    expect(save.args).toEqual([
      {
        entity: 'companies',
        id,
        version: 1,
        label: 'Acme',
        fields: { name: 'Acme', type: 'a', employees: 10, rating: 3 },
      },
      { mode: 'lite' },
    ]);
  });

  it('save writes a label that needs escaping into valid JSON, and saves again', () => {
    const name = 'Say "hi" \\ to ü\n';
    const out = h.value(`
      const r = sys.data.createRecord('companies');
      r.field('name').val(${JSON.stringify(name)});
      sys.data.save(r);
      r.field('employees').val(7);
      sys.data.save(r);
      return [r.label(), r.toJson().version];`);
    expect(out).toEqual([name, 2]);
    const saves = h.takeCalls().filter((c) => c.op === 'data.save');
    expect(saves[1]!.args[0]).toMatchObject({ label: name, version: 1, fields: { name, employees: 7 } });
  });

  it('save surfaces optimisticLocking from the host', () => {
    const [id] = ids();
    const e = h.error(`
      const a = sys.data.findById('companies', '${id}');
      const b = sys.data.findById('companies', '${id}');
      a.field('name').val('A'); sys.data.save(a);
      b.field('name').val('B'); sys.data.save(b);`);
    expect(e.code).toBe('optimisticLocking');
    expect(e.line).toBe(5);
  });

  it('save rejects what is not a Record', () => {
    expect(h.error(`sys.data.save({id: 'x'})`).message).toBe(
      'sys.data.save: record must be a sys.data.Record, got object',
    );
  });

  it('createRecord uses the context entity when none is given', () => {
    expect(h.value(`return sys.data.createRecord().entityName();`, { entity: 'companies' })).toBe(
      'companies',
    );
    const e = h.error(`sys.data.createRecord()`);
    expect(e.code).toBe('badRequest');
    expect(e.message).toBe('sys.data.createRecord: entityName is required, this run has no context entity');
    expect(h.error(`sys.data.createRecord('nope')`).code).toBe('badRequest');
  });

  it('remove returns the removed Record', () => {
    const [id] = ids();
    expect(
      h.value(
        `const r = sys.data.remove(sys.data.findById('companies', '${id}')); return [r instanceof sys.data.Record, r.label()];`,
      ),
    ).toEqual([true, 'Acme']);
    expect(h.host.get('companies', id!)).toBeNull();
    expect(
      h.error(
        `sys.data.remove(sys.data.findById('companies', '${ids()[0]}')); sys.data.remove(sys.data.createRecord('companies'));`,
      ).code,
    ).toBe('badRequest');
  });

  it('delete takes a map or a builder with options and returns what the host returns', () => {
    expect(h.value(`return sys.data.delete('companies', {type: 'a'}, {triggerEvents: false});`)).toBe(2);
    expect(
      h.value(`return sys.data.delete(sys.data.createQuery('companies').field('type').equals('b'));`),
    ).toBe(1);
    expect(h.takeCalls().map((c) => c.args)).toEqual([
      ['companies', { type: 'a' }, { triggerEvents: false }],
      ['companies', { _and: [{ type: 'equals(b)' }] }, null],
    ]);
  });

  it('createQuery and createAggregateQuery build for an entity', () => {
    expect(
      h.value(
        `return [sys.data.createQuery('companies') instanceof sys.data.Query, sys.data.createAggregateQuery('companies') instanceof sys.data.AggregateQuery];`,
      ),
    ).toEqual([true, true]);
    expect(h.error(`sys.data.createQuery('nope')`).message).toBe(
      'sys.data.Query: entityName must be the name of an entity, got "nope"',
    );
  });
});

describe('sys.data locks', () => {
  it('lock/tryLock/unlock on records send ms timeouts', () => {
    const [id] = ids();
    const out = h.value(`
      const r = sys.data.findById('companies', '${id}');
      const a = sys.data.lock(r, 1500);
      const b = sys.data.tryLock(r, 0);
      sys.data.unlock(r);
      return [a.label(), b];`);
    expect(out).toEqual(['Acme', null]);
    expect(
      h
        .takeCalls()
        .slice(1)
        .map((c) => [c.op, c.args]),
    ).toEqual([
      ['data.lock', ['companies', id, 1500]],
      ['data.tryLock', ['companies', id, 0]],
      ['data.unlock', ['companies', id]],
    ]);
    expect(h.error(`sys.data.lock(sys.data.findById('companies', '${id}'), 0)`).code).toBe('timeout');
    expect(h.error(`sys.data.lock(sys.data.findById('companies', '${id}'), -1)`).message).toBe(
      'sys.data.lock: timeout must be milliseconds >= 0, got number -1',
    );
  });

  it('lockById/tryLockById/unlockById, findByIdAndLock and findOneAndLock', () => {
    const [id] = ids();
    expect(
      h.value(
        `return [sys.data.lockById('companies', '${id}').label(), sys.data.tryLockById('companies', '${id}', 10).label(), sys.data.unlockById('companies', '${id}')];`,
      ),
    ).toEqual(['Acme', 'Acme', null]);
    expect(
      h.value(
        `return [sys.data.findByIdAndLock('companies', '${id}').label(), sys.data.findByIdAndLock('companies', 'missing')];`,
      ),
    ).toEqual(['Acme', null]);
    expect(
      h.value(
        `return [sys.data.findOneAndLock('companies', {name: 'Jazzy'}).label(), sys.data.findOneAndLock('companies', {name: 'x'})];`,
      ),
    ).toEqual(['Jazzy', null]);
    expect(
      h.value(`const rs = sys.data.find('companies', {name: 'Acme'}); return rs.nextAndLock().label();`),
    ).toBe('Acme');
    expect(h.takeCalls().filter((c) => c.op === 'data.lock').length).toBe(5);
  });
});
