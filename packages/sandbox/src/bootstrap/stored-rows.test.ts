import ivm from 'isolated-vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SOURCE, encodeBootstrapSchema } from '../index.js';
import { TEST_SCHEMA } from './testing/test-schema.js';

// Reads answer stored rows `{id, version, label, data}` with the database's JSON text spliced in;
// the bootstrap applies the read form before a script sees the record. A host answering stored rows
// directly (the real runtime does this through the store's findRowJsonById/findRowsJson).
const data = {
  name: 'Acme',
  dropped: 'a field removed from the definition',
  secret: 'never stored, hidden even if it were',
  addresses: [
    { street: 'Main 1', id: 'ad-1', zip: 10001, gone: 1 },
    { street: 'No id', state: 'NY' },
  ],
  contact: { phone: '555', old: true },
  tags: ['x'],
};
const row = { id: 'r1', version: 3, label: 'Acme', data };
const page = (more: boolean) => ({ cursor: 'c1', items: [row, { ...row, id: 'r2' }], more });
const answers: Record<string, unknown> = {
  'data.findById': row,
  'data.find': page(true),
  'data.cursorNext': page(false),
};

const isolate = new ivm.Isolate({ memoryLimit: 64 });
afterAll(() => isolate.dispose());

function run(source: string): unknown {
  const context = isolate.createContextSync();
  const dispatch = (op: string) => JSON.stringify({ ok: true, value: answers[op] ?? null });
  const callbacks = [dispatch, () => {}, encodeBootstrapSchema(TEST_SCHEMA)];
  const enter = context.evalClosureSync(BOOTSTRAP_SOURCE, callbacks, {
    result: { reference: true },
  }) as ivm.Reference<(runJson: string, fn: unknown) => string>;
  const fn = isolate.compileScriptSync(`(function () {${source}\n})`).runSync(context, { reference: true });
  const out = JSON.parse(
    enter.applySync(undefined, [JSON.stringify({ entity: null, args: [] }), fn.derefInto()]),
  );
  context.release();
  if (!out.ok) throw new Error(out.message);
  return out.value;
}

const readForm = {
  name: 'Acme',
  type: null,
  isCustomer: null,
  employees: null,
  revenue: null,
  founded: null,
  updatedAt: null,
  notes: null,
  tags: ['x'],
  addresses: [
    { id: 'ad-1', street: 'Main 1', state: null, zip: 10001 },
    { street: 'No id', state: 'NY', zip: null },
  ],
  contact: { email: null, phone: '555', since: null },
  owner: null,
  parent: null,
  partners: [],
  meta: null,
  team: null,
  secret: null,
  opensAt: null,
  budget: null,
  homepage: null,
  rank: null,
  rating: null,
};

describe('records from stored rows', () => {
  it('findById applies the read form: every field, empty ones null or [], unknown and write-only keys hidden', () => {
    const saved = run(
      `const r = sys.data.findById('companies', 'r1'); return [r.id(), r.label(), r.entityName(), r.field('secret').val(), r.field('contact.phone').val(), r.field('addresses[1].state').val()];`,
    );
    expect(saved).toEqual(['r1', 'Acme', 'companies', null, '555', 'NY']);
    const json = run(`return JSON.stringify(sys.data.findById('companies', 'r1').toJson());`) as string;
    expect(json).not.toMatch(/dropped|never stored|"gone"|"old"/);
  });

  it('a stored record sends back exactly the store read form, key order included', () => {
    let sent: unknown;
    const context = isolate.createContextSync();
    const dispatch = (op: string, argsJson: string) => {
      if (op === 'data.save') sent = JSON.parse(argsJson)[0];
      return JSON.stringify({ ok: true, value: op === 'data.findById' ? row : null });
    };
    const enter = context.evalClosureSync(
      BOOTSTRAP_SOURCE,
      [dispatch, () => {}, encodeBootstrapSchema(TEST_SCHEMA)],
      { result: { reference: true } },
    ) as ivm.Reference<(runJson: string, fn: unknown) => string>;
    const fn = isolate
      .compileScriptSync(
        `(function () {sys.data.save(sys.data.findById('companies', 'r1'), {mode: 'lite'});\n})`,
      )
      .runSync(context, { reference: true });
    enter.applySync(undefined, [JSON.stringify({ entity: null, args: [] }), fn.derefInto()]);
    context.release();
    expect(sent).toEqual({ entity: 'companies', id: 'r1', version: 3, label: 'Acme', fields: readForm });
    expect(Object.keys((sent as { fields: object }).fields)).toEqual(Object.keys(readForm));
  });

  it('find pages of stored rows become records one by one', () => {
    expect(
      run(
        `const rs = sys.data.find('companies', {}); const out = []; while (rs.hasNext()) { const r = rs.next(); out.push(r.id() + ':' + r.field('addresses').val().length + ':' + r.field('rating').val()); } return out;`,
      ),
    ).toEqual(['r1:2:null', 'r2:2:null', 'r1:2:null', 'r2:2:null']);
  });
});
