import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// Every sys.* method through run() on the real store: table-driven, each case a script and the
// value it must return. Seed data: three companies and one user, made once.
const SEED = `
  var u = sys.data.createRecord('sys.users');
  u.field('firstName').val('Ada'); u.field('lastName').val('Lovelace'); u.field('email').val('ada@x.io');
  sys.users.addGroup(u, 'Group1'); sys.data.save(u);
  [['Acme', 'a', 10, 'CA'], ['Globex', 'b', 20, 'NY'], ['Initech', 'b', 30, 'CA']].forEach(function (c) {
    var r = sys.data.createRecord('companies');
    r.field('name').val(c[0]); r.field('type').val(c[1]); r.field('employees').val(c[2]);
    r.field('addresses').add({ state: c[3], zipCode: '12345' }); r.field('owner').val(u);
    sys.data.save(r);
  });`;

type Case = { name: string; source: string; expect: unknown; entity?: string; quietWrites?: boolean };

const data: Case[] = [
  {
    name: 'findById',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); return sys.data.findById('companies', a.id()).label();",
    expect: 'Acme',
  },
  {
    name: 'findById of a missing id is null',
    source: "return sys.data.findById('companies', '01890000-0000-7000-8000-000000000000');",
    expect: null,
  },
  {
    name: 'find: hasNext, next, count, close',
    source:
      "var rs = sys.data.find('companies', {type: 'b', _sortField: 'employees', _sortType: 'asc'}); var out = [rs.count()]; while (rs.hasNext()) out.push(rs.next().label()); rs.close(); return out;",
    expect: [2, 'Globex', 'Initech'],
  },
  {
    name: 'find: toArray',
    source:
      "return sys.data.find('companies', {_sortField: 'name', _sortType: 'asc'}).toArray().map(function (r) { return r.label(); });",
    expect: ['Acme', 'Globex', 'Initech'],
  },
  {
    name: 'find: next past the end is badRequest',
    source:
      "var rs = sys.data.find('companies', {name: 'Acme'}); rs.next(); try { rs.next(); } catch (e) { return e.code(); }",
    expect: 'badRequest',
  },
  {
    name: 'find: a string query is badRequest',
    source: "try { sys.data.find('companies', 'Acme'); } catch (e) { return e.code(); }",
    expect: 'badRequest',
  },
  {
    name: 'findOne by map, by builder, by id string',
    source:
      "var a = sys.data.findOne('companies', {employees: 'greater(25)'}); var q = sys.data.createQuery('companies').field('name').equals('Globex'); return [a.label(), sys.data.findOne(q).label(), sys.data.findOne('companies', a.id()).label()];",
    expect: ['Initech', 'Globex', 'Initech'],
  },
  {
    name: 'findOne on sys.users by email, any case',
    source: "return sys.data.findOne('sys.users', 'ADA@x.io').field('firstName').val();",
    expect: 'Ada',
  },
  {
    name: 'count by map and builder',
    source:
      "return [sys.data.count('companies', {'addresses.state': 'CA'}), sys.data.count(sys.data.createQuery('companies').field('type').equals('b'))];",
    expect: [2, 2],
  },
  {
    name: 'builder operators and query(fn)',
    source:
      "var q = sys.data.createQuery('companies').query(function (q) { return q.or(q.field('name').like('acm'), q.and(q.field('type').equals('b'), q.field('employees').between(25, 35))); }).sortBy('name', 'asc'); return sys.data.find(q).toArray().map(function (r) { return r.label(); });",
    expect: ['Acme', 'Initech'],
  },
  {
    name: 'complex string syntax',
    source:
      "return sys.data.count('companies', {_query: \"or(filter('name','Acme'),filter('employees','greater(25)'))\"});",
    expect: 2,
  },
  {
    name: 'createRecord with the context entity',
    source: 'return sys.data.createRecord().entityName();',
    expect: 'companies',
    entity: 'companies',
  },
  {
    name: 'createRecord with no entity is badRequest',
    source: 'try { sys.data.createRecord(); } catch (e) { return e.code(); }',
    expect: 'badRequest',
  },
  {
    name: 'save fills id, version, label and defaults in place',
    source:
      "var r = sys.data.createRecord('companies'); r.field('name').val('Hooli'); var same = sys.data.save(r); return [same === r, r.isNew(), r.field('isCustomer').val(), r.label(), typeof r.id()];",
    expect: [true, false, false, 'Hooli', 'string'],
  },
  {
    name: 'save in lite mode returns null (quiet writes granted)',
    source:
      "var r = sys.data.createRecord('companies'); r.field('name').val('Lite Co'); return [sys.data.save(r, {mode: 'lite'}), sys.data.count('companies', {name: 'Lite Co'})];",
    expect: [null, 1],
    quietWrites: true,
  },
  {
    name: 'save with validation errors',
    source:
      "var r = sys.data.createRecord('companies'); r.field('employees').val(-1); try { sys.data.save(r); } catch (e) { return [e.code(), sys.exceptions.getAdditionalInfo(e).errors.map(function (x) { return x.field; }).sort()]; }",
    expect: ['validationErrors', ['employees', 'name']],
  },
  {
    name: 'optimistic locking',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var b = sys.data.findById('companies', a.id()); a.field('employees').val(11); sys.data.save(a); b.field('employees').val(12); try { sys.data.save(b); } catch (e) { return e.code(); }",
    expect: 'optimisticLocking',
  },
  {
    name: 'refresh',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var b = sys.data.findById('companies', a.id()); b.field('employees').val(99); sys.data.save(b); return sys.data.refresh(a).field('employees').val();",
    expect: 99,
  },
  {
    name: 'remove returns the record; remove again is notFound',
    source:
      "var r = sys.data.findOne('companies', {name: 'Globex'}); var gone = sys.data.remove(r); try { sys.data.remove(r); } catch (e) { return [gone.label(), e.code(), sys.data.count('companies', {})]; }",
    expect: ['Globex', 'notFound', 2],
  },
  {
    name: 'delete by query',
    source: "sys.data.delete('companies', {type: 'b'}); return sys.data.count('companies', {});",
    expect: 1,
  },
  {
    name: 'aggregate by map and by builder',
    source:
      "var m = sys.data.aggregate('companies', [{group: {by: 'type', total: 'sum(employees)'}}, {sort: {type: 'asc'}}]).toArray(); var q = sys.data.createAggregateQuery('companies'); q.match().field('type').equals('b'); q.count().counterName('n'); return [m, sys.data.aggregate(q).toArray()];",
    expect: [
      [
        { type: 'a', total: 10 },
        { type: 'b', total: 50 },
      ],
      [{ n: 2 }],
    ],
  },
  {
    name: 'locks: lock, tryLock, unlock and the ById / AndLock forms',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var l = sys.data.lock(a, 1000); var t = sys.data.tryLock(a); sys.data.unlock(a); sys.data.unlock(a); var b = sys.data.lockById('companies', a.id(), 1000); sys.data.unlockById('companies', a.id()); var c = sys.data.findByIdAndLock('companies', a.id()); var d = sys.data.findOneAndLock('companies', {name: 'Acme'}); return [l.label(), t.label(), b.label(), c.label(), d.label(), sys.data.tryLockById('companies', a.id()).label()];",
    expect: ['Acme', 'Acme', 'Acme', 'Acme', 'Acme', 'Acme'],
  },
];

const records: Case[] = [
  {
    name: 'Record: id, label, entityName, isNew, copy, toJson, fromJson',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var c = a.copy(); var j = a.toJson({fields: 'name'}); var n = sys.data.createRecord('companies'); n.fromJson({name: 'From Json', employees: 5}); return [a.entityName(), a.isNew(), c.isNew(), c.field('name').val(), j.name, 'employees' in j, j.id === a.id(), n.field('employees').val()];",
    expect: ['companies', false, true, 'Acme', 'Acme', false, true, 5],
  },
  {
    name: 'Wrapper: val, isEmpty, isNotEmpty, equals; paths a.b and a[0].b',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var since = a.field('since'); return [since.isEmpty(), a.field('name').isNotEmpty(), a.field('name').equals('Acme'), a.field('addresses[0].state').val(), a.field('addresses.state').val(), a.field('addresses[5].state').val()];",
    expect: [true, true, true, 'CA', ['CA'], null],
  },
  {
    name: 'ManyWrapper: add, add(i), remove(value|fn), removeAt, each, get, first, last, size, contains, removeAll',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var m = a.field('addresses'); m.add({state: 'TX', zipCode: '11111'}); m.add(0, {state: 'WA', zipCode: '22222'}); var states = []; m.each(function (w) { states.push(w.field('state').val()); }); var sizes = [m.size()]; m.remove(function (w) { return w.field('state').val() === 'TX'; }); m.removeAt(0); sizes.push(m.size(), m.first().field('state').val(), m.last().field('state').val(), m.get(0).field('zipCode').val()); m.removeAll(); sizes.push(m.size(), m.first()); a.field('addresses[2].state').val('NV'); sizes.push(m.size()); return [states, sizes];",
    expect: [
      ['WA', 'CA', 'TX'],
      [3, 1, 'CA', 'CA', '12345', 0, null, 1],
    ],
  },
  {
    name: 'relationship wrapper: id, label, fetch',
    source:
      "var a = sys.data.findOne('companies', {name: 'Acme'}); var o = a.field('owner'); return [o.label(), o.id() === sys.data.findOne('sys.users', 'ada@x.io').id(), o.fetch().field('email').val()];",
    expect: ['Ada Lovelace', true, 'ada@x.io'],
  },
  {
    name: 'date reads as a Date at 00:00 UTC (the date-type page); its JSON stays yyyy-MM-dd',
    source:
      "var r = sys.data.createRecord('companies'); r.field('name').val('Dated'); r.field('since').val('2024-02-29'); sys.data.save(r); var again = sys.data.findById('companies', r.id()); return [r.field('since').val() instanceof Date, again.field('since').val().getTime(), again.toJson().since];",
    expect: [true, Date.UTC(2024, 1, 29), '2024-02-29'],
  },
];

const others: Case[] = [
  {
    name: 'sys.exceptions helpers and constants',
    source:
      "var e1 = new sys.exceptions.ScriptException('notFound', 'gone'); var out = [e1.code(), e1.message(), sys.exceptions.getCode(e1), sys.exceptions.getMessage(e1), sys.exceptions.getCode(new Error('x')), sys.exceptions.getMessage('plain'), sys.exceptions.NOT_FOUND_ERROR, sys.exceptions.TIMEOUT_ERROR]; try { sys.exceptions.throwException('forbidden', 'no'); } catch (e) { out.push(e instanceof sys.exceptions.ScriptException, e.code()); } return out;",
    expect: ['notFound', 'gone', 'notFound', 'gone', null, 'plain', 'notFound', 'timeout', true, 'forbidden'],
  },
  {
    name: 'sys.context: current user, set by record, id and email',
    source:
      "var before = sys.context.getCurrentUserRecord(); var ada = sys.data.findOne('sys.users', 'ada@x.io'); sys.context.setCurrentUserRecord(ada); var a = sys.context.getCurrentUserId() === ada.id(); sys.context.setCurrentUserRecordById(ada.id()); sys.context.setCurrentUserRecordByEmail('ada@x.io'); return [before, a, sys.context.getCurrentUserRecord().field('email').val()];",
    expect: [null, true, 'ada@x.io'],
  },
  {
    name: 'sys.logs and log() return nothing and never throw on objects',
    source:
      "log({a: 1}); sys.logs.info('i'); sys.logs.warn('w'); sys.logs.error('e', new Error('boom')); sys.logs.debug('d'); return 'ok';",
    expect: 'ok',
  },
];

describe('sys.* through run() on the real store', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime();
  });
  afterAll(() => w.dispose());

  // Each case gets fresh seed data, removed afterwards, so cases never depend on each other.
  const runCase = async (c: Case) => {
    await w.run(SEED);
    try {
      return (await w.run(c.source, { entity: c.entity, quietWrites: c.quietWrites })).value;
    } finally {
      await w.run("sys.data.delete('companies', {}); sys.data.delete('sys.users', {});");
    }
  };

  for (const c of [...data, ...records, ...others]) {
    it(c.name, async () => {
      expect(await runCase(c)).toEqual(c.expect);
    });
  }

  it('toArray over 1,000 records is a systemException', async () => {
    await w.run(
      "for (var i = 0; i < 1001; i++) { var r = sys.data.createRecord('companies'); r.field('name').val('n' + i); sys.data.save(r); }",
    );
    const error = await w.run("sys.data.find('companies', {}).toArray();").catch((e) => e);
    expect(error.code).toBe('systemException');
    await w.run("sys.data.delete('companies', {});");
  });

  it('the logs of a run, in order and with levels', async () => {
    const { logs } = await w.run(
      "log('one'); sys.logs.warn('two'); sys.logs.error('three', new sys.exceptions.ScriptException('badRequest', 'why'));",
    );
    expect(logs.map((l) => [l.level, l.message.split('\n')[0]])).toEqual([
      ['INFO', 'one'],
      ['WARN', 'two'],
      ['ERROR', expect.stringContaining('three')],
    ]);
    expect(logs[2]!.message).toContain('why');
  });

  it('sys.context changes end with the run', async () => {
    await w.run(SEED);
    await w.run("sys.context.setCurrentUserRecordByEmail('ada@x.io');");
    expect((await w.run('return sys.context.getCurrentUserRecord();')).value).toBeNull();
    const ada = (await w.store.findOne('sys.users', 'ada@x.io'))!;
    const as = await w.run('return sys.context.getCurrentUserId();', { as: 'ada@x.io' });
    expect(as.value).toBe(ada.id);
  });
});

describe('locks a run keeps', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime();
    await w.run(SEED);
  });
  afterAll(() => w.close());

  const tryLock = "return sys.data.tryLock(sys.data.findOne('companies', {name: 'Acme'})) !== null;";

  it('are released when the run ends, committed or failed', async () => {
    // A worker reuses its run state: a later run must neither inherit nor keep these locks.
    await w.run("sys.data.lock(sys.data.findOne('companies', {name: 'Acme'}));");
    const acme = (await w.store.findOne('companies', { name: 'Acme' }))!;
    expect(await w.store.tryLock('companies', acme.id!, 'host')).not.toBeNull();
    await w.store.releaseLocks('host');
    const failed = await w
      .run("sys.data.lock(sys.data.findOne('companies', {name: 'Acme'})); throw new Error('after the lock');")
      .catch((e) => e);
    expect(failed.code).toBe('javascriptException');
    expect((await w.run(tryLock)).value).toBe(true);
    expect((await w.run(tryLock)).value).toBe(true);
  });
});
