import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.dispose());

const deferred = { saveBatch: 64 * 1024 };
const saveLoop = (n: number) => `
  var saved = [];
  for (var i = 0; i < ${n}; i++) {
    var c = sys.data.createRecord('companies');
    c.field('name').val('c' + i);
    saved.push(c);
    sys.data.save(c);
  }`;
/** The ops the host got, with the number of saves in each batch. */
const ops = () =>
  h.host.calls.map((c) => (c.op === 'data.saveMany' ? `saveMany(${(c.args[0] as []).length})` : c.op));

describe('deferred saves', () => {
  it('go to the host in batches of 64, the rest when the body ends, in the order they were made', () => {
    h.run(saveLoop(150), deferred);
    expect(ops()).toEqual(['saveMany(64)', 'saveMany(64)', 'saveMany(22)']);
    expect(h.host.all('companies').map((r) => r.fields.name)).toEqual(
      Array.from({ length: 150 }, (_, i) => `c${i}`),
    );
  });

  it('give each record its stored state once sent: the script never sees one half saved', () => {
    const out = h.value(
      `${saveLoop(3)} return saved.map(function (r) { return [r.isNew(), typeof r.id(), r.toJson().version]; });`,
      deferred,
    ) as unknown[];
    expect(out).toEqual([
      [false, 'string', 1],
      [false, 'string', 1],
      [false, 'string', 1],
    ]);
    expect(ops()).toEqual(['saveMany(3)']);
  });

  it('are sent before any other call and any log, so reads and logs follow the writes', () => {
    const count = h.value(
      `${saveLoop(2)} log('two queued'); var n = sys.data.count('companies', {}); ${saveLoop(1)} return n;`,
      deferred,
    );
    expect(count).toBe(2);
    expect(h.sent).toEqual(['data.saveMany', 'log', 'data.count', 'data.saveMany']);
  });

  it('are sent when the script touches a record it saved: reading its id, writing a field, saving it again', () => {
    const versions = h.value(
      `var c = sys.data.createRecord('companies'); c.field('name').val('once');
       sys.data.save(c);
       var id = c.id();
       c.field('employees').val(5);
       sys.data.save(c);
       c.field('type').val('b');
       sys.data.save(c);
       return [id === c.id(), c.toJson().version];`,
      deferred,
    );
    expect(versions).toEqual([true, 3]);
    expect(ops()).toEqual(['saveMany(1)', 'saveMany(1)', 'saveMany(1)']);
    expect(h.host.all('companies').map((r) => r.fields)).toEqual([
      expect.objectContaining({ name: 'once', employees: 5, type: 'b' }),
    ]);
  });

  it('keep lite mode: null back at the call, and the record left as it was', () => {
    expect(
      h.value(
        `var c = sys.data.createRecord('companies'); c.field('name').val('lite');
         return [sys.data.save(c, {mode: 'lite'}), c.isNew()];`,
        deferred,
      ),
    ).toEqual([null, true]);
    expect(ops()).toEqual(['saveMany(1)']);
  });

  it('send a save too big for a batch at its call, after the ones queued before it', () => {
    const big = 'x'.repeat(2000);
    h.run(
      `${saveLoop(2)} var b = sys.data.createRecord('companies'); b.field('name').val('${big}'); sys.data.save(b); ${saveLoop(1)}`,
      { saveBatch: 1000 },
    );
    expect(ops()).toEqual(['saveMany(2)', 'data.save', 'saveMany(1)']);
  });

  it('start a new batch when the next save would not fit in the characters left', () => {
    h.run(saveLoop(10), { saveBatch: 400 });
    const sizes = ops();
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.every((s) => s.startsWith('saveMany('))).toBe(true);
    expect(h.host.all('companies')).toHaveLength(10);
  });

  it('are still sent when the body throws, so that a failing one can be the error reported', () => {
    const error = h.error(`${saveLoop(2)} throw new Error('after the saves');`, deferred);
    expect(error.message).toContain('after the saves');
    expect(ops()).toEqual(['saveMany(2)']);
  });

  it('are sent at their call once the body has returned (a promise callback)', () => {
    h.run(
      `Promise.resolve().then(function () {
         var c = sys.data.createRecord('companies'); c.field('name').val('later'); sys.data.save(c);
       });
       return 1;`,
      deferred,
    );
    expect(ops()).toEqual(['data.save']);
    expect(h.host.all('companies').map((r) => r.fields.name)).toEqual(['later']);
  });

  it('are off unless the run asks for them', () => {
    h.run(saveLoop(2));
    expect(ops()).toEqual(['data.save', 'data.save']);
  });
});
