import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { BIG, DOCS_APP, PIN_CURSORS, rssMb, SEED_PINNING } from './host-memory-shapes.js';
import { childPids, report } from './security-kit.js';

// Issue 22, finding 2: what a run holds on the worker's host side, outside the isolate's memoryMb.
// Open result sets kept their keyset position (the last row's whole data) on the host: hundreds of
// them over a big record took a 64 MB worker past a gigabyte. Partial updates grew a stored record
// past what one call may carry. Now: open result sets per run are capped (maxOpenCursors), what
// they hold is counted (maxHostBytes), and no write stores a record over maxRecordBytes.
describe('host memory a run can pin', () => {
  let w: TestRuntime;
  let pid: number;
  beforeAll(async () => {
    w = await createTestRuntime({ app: DOCS_APP, executor: { workers: 1 } });
    expect((await w.run(SEED_PINNING)).value).toBe(201);
    pid = childPids()[0]!;
  });
  afterAll(async () => {
    await w.dispose();
  });

  it('result sets over a big record: the run ends on the host memory limit, worker RSS stays bounded', async () => {
    const before = rssMb(pid);
    const error = await w.run(PIN_CURSORS, { params: { n: 347 }, limits: { memoryMb: 64 } }).then(
      () => null,
      (e) => e,
    );
    const after = rssMb(pid);
    report('host-memory', {
      'cursor pinning rss before MB': Math.round(before),
      'after MB': Math.round(after),
    });
    expect(error?.code).toBe('systemException');
    expect(error?.message).toBe(`Host memory limit of ${32 * 1024 * 1024} bytes exceeded`);
    expect(childPids()).toEqual([pid]);
    expect(after - before).toBeLessThan(100);
    expect((await w.run("return sys.data.count('docs', {})")).value).toBe(201);
  });

  it('a lower maxHostBytes ends the run sooner', async () => {
    const error = await w.run(PIN_CURSORS, { params: { n: 5 }, limits: { maxHostBytes: 2 * BIG } }).then(
      () => null,
      (e) => e,
    );
    expect(error?.message).toBe(`Host memory limit of ${2 * BIG} bytes exceeded`);
  });

  it('open result sets are capped per run (maxOpenCursors, default 64), and the cap can be set per run', async () => {
    const small = `var keep = [];
      for (var i = 0; i < n; i++) { var rs = sys.data.find('docs', { title: 'like(small)', _sortField: 'title' });
        rs.hasNext(); keep.push(rs); }
      return keep.length;`;
    // 199 small docs: the first page of 200 is the whole set, and the host closes it.
    expect((await w.run(small, { params: { n: 100 } })).value).toBe(100);
    const open = `var keep = [];
      for (var i = 0; i < n; i++) { var rs = sys.data.find('docs', { title: 'notEquals(big)' });
        rs.hasNext(); keep.push(rs); }
      return keep.length;`;
    const error = await w.run(open, { params: { n: 100 } }).then(
      () => null,
      (e) => e,
    );
    expect(error?.code).toBe('systemException');
    expect(error?.message).toBe('Open result set limit of 64 result sets exceeded');
    const fewer = await w.run(open, { params: { n: 10 }, limits: { maxOpenCursors: 9 } }).catch((e) => e);
    expect(fewer.message).toBe('Open result set limit of 9 result sets exceeded');
    expect((await w.run(open, { params: { n: 70 }, limits: { maxOpenCursors: 80 } })).value).toBe(70);
    // Closed result sets do not count.
    const r = await w.run(
      `for (var i = 0; i < 100; i++) { var rs = sys.data.find('docs', { title: 'notEquals(big)' });
        rs.hasNext(); rs.close(); } return i;`,
    );
    expect(r.value).toBe(100);
  });
});

describe('a stored record may not grow past maxRecordBytes', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ app: DOCS_APP, executor: { workers: 1 } });
  });
  afterAll(async () => {
    await w.dispose();
  });

  const chunk = 'z'.repeat(400_000);
  // A record grows one field per run; the run may send more than the default 1 MB per call, so
  // the store's own limit is what stops it.
  const GROW = `var d = sys.data.findById('docs', id); d.field(f).val(chunk); sys.data.save(d);
    return d.toJson().version;`;
  const wide = { maxArgBytes: 4_000_000 };

  it('updates that grow a record one field at a time stop at the limit with a coded error', async () => {
    const id = (
      await w.run(
        `var c = sys.data.createRecord('docs'); c.field('title').val('grow'); c.field('a').val(chunk); sys.data.save(c); return c.id();`,
        { params: { chunk } },
      )
    ).value as string;
    expect((await w.run(GROW, { params: { id, chunk, f: 'b' }, limits: wide })).value).toBe(2);
    const error = await w.run(GROW, { params: { id, chunk, f: 'c' }, limits: wide }).then(
      () => null,
      (e) => e,
    );
    expect(error?.code).toBe('systemException');
    expect(error?.message).toMatch(
      /^sys\.data\.save: a 'docs' record of \d+ bytes exceeds the record size limit of 1048576 bytes/,
    );
    expect(error?.info).toMatchObject({ limit: 'maxRecordBytes', entity: 'docs' });
    const stored = await w.store.findById('docs', id);
    expect(stored?.version).toBe(2);
    expect(stored?.fields.c).toBeNull();
  });

  it('the script may catch it; the record stays as it was', async () => {
    const r = await w.run(
      `var c = sys.data.createRecord('docs'); c.field('a').val(chunk); c.field('b').val(chunk); sys.data.save(c);
       var d = sys.data.findById('docs', c.id()); d.field('c').val(chunk);
       try { sys.data.save(d); return 'saved'; }
       catch (e) { return [sys.exceptions.getCode(e), sys.data.findById('docs', c.id()).field('c').val()]; }`,
      { params: { chunk }, limits: wide },
    );
    expect(r.value).toEqual(['systemException', null]);
  });

  it('host-side writes obey the same limit (insert, then an update that merges)', async () => {
    const row = await w.store.insert('docs', { title: 'host', a: chunk, b: chunk });
    await expect(async () => w.store.update('docs', { ...row, fields: { c: chunk } })).rejects.toMatchObject({
      code: 'systemException',
      message: expect.stringMatching(/^save: a 'docs' record of \d+ bytes exceeds the record size limit/),
    });
    await expect(async () => w.store.insert('docs', { a: chunk, b: chunk, c: chunk })).rejects.toMatchObject({
      code: 'systemException',
    });
  });
});
