import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
let acme: string;
beforeEach(() => {
  h = createHarness();
  acme = h.host.insert('companies', {
    name: 'Acme',
    type: 'a',
    updatedAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    addresses: [
      { id: 'ad-1', street: 'Main 1', state: 'NY', zip: 10001 },
      { id: 'ad-2', street: 'Side 2', state: 'CA', zip: 90001 },
    ],
    contact: { email: 'info@acme.test', phone: '555' },
    team: 'devs',
  }).id!;
});
afterEach(() => h.dispose());

const load = `const r = sys.data.findById('companies', ID);`;
const run = (body: string) => h.value(load.replace('ID', `'${acme}'`) + body);
const fail = (body: string) => h.error(load.replace('ID', `'${acme}'`) + body);

describe('Record', () => {
  it('copy has the same values and no ids (also in nested items)', () => {
    expect(
      run(
        `const c = r.copy(); return [c.id(), c.isNew(), c.label(), c.field('name').val(), c.field('addresses[0]').id(), c.field('addresses[1].state').val(), r.field('addresses[0]').id()];`,
      ),
    ).toEqual([null, true, null, 'Acme', null, 'CA', 'ad-1']);
  });

  it('toJson gives system fields and values, filters fields, and formats plainText', () => {
    const json = run(`return r.toJson();`) as Record<string, unknown>;
    expect(json).toMatchObject({
      id: acme,
      version: 1,
      label: 'Acme',
      entity: 'companies',
      name: 'Acme',
      updatedAt: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    expect(run(`return r.toJson({fields: 'name,contact.email'});`)).toEqual({
      id: acme,
      version: 1,
      label: 'Acme',
      entity: 'companies',
      name: 'Acme',
      contact: { email: 'info@acme.test', phone: '555' },
    });
    expect(run(`return r.toJson({fields: ['type'], format: 'plainText'});`)).toMatchObject({ type: 'a' });
    expect(run(`return r.toJson({format: 'plainText'}).updatedAt;`)).toBe('2024-01-02T03:04:05.000Z');
    expect(run(`return r.toJson({format: 'plainText'}).team;`)).toBe('Developers');
    expect(fail(`r.toJson({format: 'xml'})`).message).toBe(
      `Record.toJson: format must be 'native' or 'plainText', got "xml"`,
    );
  });

  it('toJson never shows write-only fields', () => {
    expect(
      run(
        `r.field('secret').val('s3cret'); return [r.field('secret').val(), JSON.stringify(r.toJson()).includes('s3cret')];`,
      ),
    ).toEqual([null, false]);
  });

  it('fromJson merges values through the field checks and keeps the record its identity', () => {
    expect(
      run(
        `const id = r.id(); r.fromJson({name: 'Merged', employees: '12', id: 'x-1', version: 99}); return [r.field('name').val(), r.field('employees').val(), r.id() === id, r.toJson().version];`,
      ),
    ).toEqual(['Merged', 12, true, 1]);
    expect(
      run(
        `const n = sys.data.createRecord('companies').fromJson(r.toJson()); return [n.isNew(), n.id(), n.toJson().version, n.field('name').val()];`,
      ),
    ).toEqual([true, null, 0, 'Acme']);
    expect(fail(`r.fromJson({nope: 1})`).message).toBe(`Record.fromJson: 'nope' is not a field of companies`);
    // A value that does not fit is kept for the save to report, as val(value) does.
    expect(run(`r.fromJson({employees: 'many'}); return r.field('employees').val();`)).toBe('many');
  });

  it('cannot be constructed directly', () => {
    expect(h.error(`new sys.data.Record()`).message).toBe(
      'sys.data.Record: use sys.data.createRecord(entityName)',
    );
  });
});

describe('field paths', () => {
  it('reads a.b, a[0].b, and a.b through a multi-valued parent as an array', () => {
    expect(
      run(
        `return [r.field('contact.email').val(), r.field('addresses[1].state').val(), r.field('addresses.state').val(), r.field('addresses').first().field('street').val()];`,
      ),
    ).toEqual(['info@acme.test', 'CA', ['NY', 'CA'], 'Main 1']);
  });

  it('an out-of-range index reads null and a write creates the item', () => {
    expect(
      run(
        `const before = r.field('addresses[5].state').val(); r.field('addresses[5].state').val('TX'); return [before, r.field('addresses').size(), r.field('addresses[2].state').val()];`,
      ),
    ).toEqual([null, 3, 'TX']);
  });

  it('invalid paths are badRequests', () => {
    expect(fail(`r.field('nope')`).message).toBe(
      `companies.field: 'nope' is not a field of companies (no 'nope')`,
    );
    expect(fail(`r.field('name[0]')`).message).toBe(
      `companies.field: 'name' in 'name[0]' is not multi-valued`,
    );
    expect(fail(`r.field('name.x')`).message).toBe(`companies.field: 'name' in 'name.x' has no child fields`);
    expect(fail(`r.field('a..b')`).code).toBe('badRequest');
    expect(fail(`r.field('addresses.state').val(['x'])`).message).toMatch(/crosses a multi-valued field/);
  });
});

describe('Wrapper', () => {
  it('val() converts by type: dateTime reads a Date and stores epoch ms', () => {
    expect(
      run(
        `const d = r.field('updatedAt').val(); return [d instanceof Date, d.getTime(), r.field('updatedAt').toMillis()];`,
      ),
    ).toEqual([true, Date.UTC(2024, 0, 2, 3, 4, 5), Date.UTC(2024, 0, 2, 3, 4, 5)]);
    expect(
      run(
        `r.field('updatedAt').val(new Date(Date.UTC(2020, 1, 3))); r.field('contact.since').val('2021-05-06 07:08'); return r.toJson().updatedAt + ',' + r.toJson().contact.since;`,
      ),
    ).toBe(`${Date.UTC(2020, 1, 3)},${Date.UTC(2021, 4, 6, 7, 8)}`);
  });

  it('val(v) accepts each type, keeps values that do not fit for the save to report, refuses what cannot be sent', () => {
    expect(
      run(`
      r.field('employees').val('42'); r.field('revenue').val(1.5); r.field('isCustomer').val('true');
      r.field('founded').val('2020-02-29'); r.field('type').val('b'); r.field('tags').val(['x', 'y']);
      r.field('meta').val({a: [1, {b: null}]}); r.field('notes').val(7);
      return r.toJson();`),
    ).toMatchObject({
      employees: 42,
      revenue: 1.5,
      isCustomer: true,
      founded: '2020-02-29',
      type: 'b',
      tags: ['x', 'y'],
      meta: { a: [1, { b: null }] },
      notes: '7',
    });
    expect(
      run(
        `r.field('employees').val(1.5); r.field('founded').val('2021-02-29'); r.field('type').val('z'); r.field('updatedAt').val('soon'); return [r.field('employees').val(), r.field('founded').val(), r.field('type').val(), r.field('updatedAt').val()];`,
      ),
    ).toEqual([1.5, '2021-02-29', 'z', 'soon']);
    expect(fail(`r.field('tags').val('x')`).message).toBe(
      `field('tags').val: 'tags' is multi-valued, pass an array, got "x"`,
    );
    expect(fail(`r.field('meta').val({f: () => 1})`).message).toBe(
      `field('meta').val: a function cannot be sent, only JSON data`,
    );
    expect(fail(`r.field('contact').val({fax: '1'})`).message).toBe(
      `field('contact').val: 'fax' is not a field of 'contact'`,
    );
  });

  it('nested values: val(map), field(path), id()', () => {
    expect(
      run(
        `r.field('contact').val({email: 'new@acme.test'}); return [r.field('contact').field('email').val(), r.field('contact.phone').val(), r.field('addresses[0]').id()];`,
      ),
    ).toEqual(['new@acme.test', null, 'ad-1']);
  });

  it('write-only fields read null but are sent on save', () => {
    expect(
      run(
        `r.field('secret').val('pw'); const before = r.field('secret').val(); sys.data.save(r); return before;`,
      ),
    ).toBeNull();
    expect(h.host.writeOnly.get(`companies/${acme}/secret`)).toBe('pw');
  });

  it('isEmpty, isNotEmpty and equals', () => {
    expect(
      run(
        `r.field('notes').val(''); return [r.field('notes').isEmpty(), r.field('name').isNotEmpty(), r.field('tags').isEmpty(), r.field('name').equals('Acme'), r.field('name').equals('X'), r.field('updatedAt').equals(${Date.UTC(2024, 0, 2, 3, 4, 5)}), r.field('addresses.state').equals(['NY', 'CA'])];`,
      ),
    ).toEqual([true, true, true, true, false, true, true]);
  });

  it('relationship wrapper: id, label, fetch, equals; set by record, id or label', () => {
    const other = h.host.insert('companies', { name: 'Parent Inc' }).id!;
    expect(
      run(`
      const p = sys.data.findById('companies', '${other}');
      r.field('parent').val(p);
      const a = [r.field('parent').id(), r.field('parent').label(), r.field('parent').fetch().label(), r.field('parent').equals(p), r.field('parent').equals('Parent Inc')];
      r.field('parent').val('Acme');
      return a.concat([r.field('parent').id(), r.field('parent').val()]);`),
    ).toEqual([other, 'Parent Inc', 'Parent Inc', true, true, acme, { id: acme, label: 'Acme' }]);
    expect(fail(`r.field('parent').fetch()`).message).toBe(
      `field('parent').fetch: the relationship has no id yet`,
    );
    expect(
      run(`r.field('parent').val('Nobody'); return [r.field('parent').val(), r.field('parent').id()];`),
    ).toEqual(['Nobody', null]);
    expect(fail(`r.field('owner').val(r)`).message).toBe(
      `field('owner').val: 'owner' needs a sys.users record, got a companies record`,
    );
  });

  it('choice label() and group id()/name()/label()', () => {
    expect(
      run(
        `return [r.field('type').label(), r.field('team').id(), r.field('team').name(), r.field('team').label()];`,
      ),
    ).toEqual(['a', 'g-3', 'devs', 'Developers']);
    expect(run(`r.field('team').val('Administrators'); return r.field('team').val();`)).toBe('admins');
    expect(run(`r.field('team').val('nobody'); return r.field('team').val();`)).toBe('nobody');
  });
});
