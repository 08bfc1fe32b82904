import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandExport, commandImport, type Output } from '@warden/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

const APP = {
  name: 'transfer',
  entities: {
    items: {
      history: true,
      fields: {
        name: { type: 'text', required: true },
        code: { type: 'text', unique: true },
        qty: { type: 'integer' },
        tags: { type: 'text', multiple: true },
        active: { type: 'boolean' },
        when: { type: 'dateTime' },
        dims: { type: 'nested', fields: { w: { type: 'decimal' }, h: { type: 'decimal' } } },
      },
    },
  },
};

// Line 3: qty not a number; line 5: missing required name; line 6: a quoted name over two lines
// (it ends on line 7); line 8: code clashes with line 2; line 9: bad JSON in a multi-valued cell.
const CSV = `name,code,qty,tags,active
Bolt,B1,10,"[""steel""]",true
Nut,N1,many,,false
Washer,W1,3,,
,X1,1,,
"Long
name",L1,2,"[""a"",""b""]",true
Dup,B1,1,,
Pin,P1,1,[oops,
`;

let w: TestRuntime;
beforeAll(async () => {
  w = await createTestRuntime({ app: APP });
});
afterAll(() => w?.dispose());

const sink = () => {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Output = { line: (t) => lines.push(t), error: (t) => errors.push(t) };
  return { out, lines, errors };
};

describe('import', () => {
  it('all-or-nothing: a CSV with bad rows imports nothing and reports every bad line', async () => {
    const report = await w.store.importRecords('items', CSV, { format: 'csv' });
    expect(report.rolledBack).toBe(true);
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => e.line)).toEqual([3, 5, 8, 9]);
    expect(report.errors[0]!.message).toContain('qty');
    expect(report.errors[2]!.message).toContain('code');
    expect(await w.store.count('items')).toBe(0);
    expect((await w.audit.query({ entity: 'items' })).items).toEqual([]);
  });

  it('skip-bad-rows: imports the good rows, each bad one reported with its line', async () => {
    const report = await w.store.importRecords('items', CSV, {
      format: 'csv',
      mode: 'skipBadRows',
      batchSize: 2,
    });
    expect(report).toMatchObject({ imported: 3, skipped: 4, rolledBack: false });
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'validationErrors'],
      [5, 'validationErrors'],
      [8, 'validationErrors'],
      [9, 'badRequest'],
    ]);
    const long = await w.store.findOne('items', { code: 'L1' });
    expect(long!.fields).toMatchObject({ name: 'Long\nname', qty: 2, tags: ['a', 'b'], active: true });
    // Imported rows are saves like any other: history records them as the host call.
    const history = await w.audit.query({ recordId: long!.id as string });
    expect(history.items[0]!.actor.hostCall).toBe('store.importRecords');
    await w.store.deleteMany('items');
  });

  it('refuses a header naming no field, at line 1', async () => {
    await expect(w.store.importRecords('items', 'name,colour\nx,red\n', { format: 'csv' })).rejects.toThrow(
      "importRecords: line 1: 'colour' is not a field of 'items'",
    );
  });

  it('sys.data.importRecords in a script: Slingr default skips bad rows; false fails the call and writes nothing', async () => {
    const ok = await w.run(`return sys.data.importRecords('items', text, {format: 'csv'});`, {
      params: { text: CSV },
    });
    expect(ok.value).toMatchObject({ imported: 3, skipped: 4 });
    expect((ok.value as { errors: { line: number }[] }).errors.map((e) => e.line)).toEqual([3, 5, 8, 9]);
    await w.store.deleteMany('items');
    const caught = await w.run(
      `try { sys.data.importRecords('items', text, {format: 'csv', skipRecordsWithInvalidFields: false}); }
       catch (e) { return {code: e.code(), message: e.message(), count: sys.data.count('items')}; }`,
      { params: { text: CSV } },
    );
    expect(caught.value).toMatchObject({ code: 'validationErrors', count: 0 });
    expect((caught.value as { message: string }).message).toContain('line 3');
    await expect(w.run(`sys.data.importRecords('items', '{}', {lowPriority: true});`)).rejects.toThrow(
      'sys.data.importRecords: options.lowPriority true is not supported',
    );
  });
});

describe('export → import round trip', () => {
  it('JSON Lines and CSV through the CLI give the same records in a fresh database', async () => {
    await w.store.deleteMany('items');
    const rows = [
      {
        name: 'A, "quoted"',
        code: 'A',
        qty: 1,
        tags: ['x', 'y'],
        active: true,
        when: 1_700_000_000_000,
        dims: { w: 1.5, h: 2 },
      },
      { name: 'B\nmultiline', code: 'B', qty: null, tags: [], active: false, when: null, dims: null },
      { name: 'Ünïcode ✓', code: 'C', qty: -3, tags: ['z'], active: null, when: 0, dims: { w: 0, h: null } },
    ];
    for (const r of rows) await w.store.insert('items', r);
    const fieldsOf = async (rt: TestRuntime) =>
      (await rt.store.find('items', { _sortField: 'code', _sortType: 'asc' })).map((r) => [
        r.label,
        r.fields,
      ]);
    const expected = await fieldsOf(w);
    for (const format of ['jsonl', 'csv'] as const) {
      const file = join(w.dir, `items.${format}`);
      const out = sink();
      const progress = {
        isTTY: false,
        text: '',
        write(t: string) {
          this.text += t;
        },
      };
      const flags = ['--db', w.database, '--app', join(w.dir, 'app.json')];
      writeFileSync(join(w.dir, 'app.json'), JSON.stringify(APP));
      expect(await commandExport(['items', file, ...flags], out.out, progress)).toBe(0);
      expect(progress.text).toContain('100%');
      const fresh = await createTestRuntime({ app: APP });
      try {
        const into = sink();
        const bar = {
          isTTY: false,
          text: '',
          write(t: string) {
            this.text += t;
          },
        };
        const code = await commandImport(
          ['items', file, '--db', fresh.database, '--app', join(w.dir, 'app.json')],
          into.out,
          bar,
        );
        expect(into.errors).toEqual([]);
        expect(code).toBe(0);
        expect(into.lines).toEqual(['imported 3, skipped 0']);
        expect(bar.text).toMatch(/\[#{30}\] 100% {2}3 rows/);
        expect(await fieldsOf(fresh)).toEqual(expected);
      } finally {
        await fresh.dispose();
      }
    }
  });

  it('the CLI prints each bad row with its file line and exits 1', async () => {
    const file = join(w.dir, 'bad.csv');
    writeFileSync(file, CSV);
    const out = sink();
    const quiet = { isTTY: false, write: () => true };
    const code = await commandImport(
      ['items', file, '--db', w.database, '--app', join(w.dir, 'app.json'), '--skip-bad-rows'],
      out.out,
      quiet,
    );
    expect(code).toBe(1);
    expect(out.errors.map((e) => e.split(': ')[0])).toEqual([3, 5, 8, 9].map((l) => `${file}:${l}`));
  });
});
