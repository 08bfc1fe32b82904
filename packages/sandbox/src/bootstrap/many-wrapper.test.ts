import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.dispose());

const run = (body: string) =>
  h.value(`const r = sys.data.createRecord('companies'); const t = r.field('tags');${body}`);
const fail = (body: string) =>
  h.error(`const r = sys.data.createRecord('companies'); const t = r.field('tags');${body}`);

describe('ManyWrapper', () => {
  it('is a ManyWrapper and a Wrapper; val() gives an array', () => {
    expect(
      run(
        `return [t instanceof sys.data.ManyWrapper, t instanceof sys.data.Wrapper, t.val(), t.size(), t.isEmpty()];`,
      ),
    ).toEqual([true, true, [], 0, true]);
  });

  it('add(value) appends and add(index, value) inserts', () => {
    expect(run(`t.add('b'); t.add('d'); t.add(0, 'a'); t.add(2, 'c'); return t.val();`)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(fail(`t.add(3, 'x')`).message).toBe(
      `field('tags').add: index must be an integer from 0 to 0, got number 3`,
    );
  });

  it('remove(value) removes the first equal item; remove(fn) removes where fn is true', () => {
    expect(run(`t.val(['a', 'b', 'a', 'c']); t.remove('a'); return t.val();`)).toEqual(['b', 'a', 'c']);
    expect(run(`t.val(['a', 'bb', 'ccc']); t.remove((w) => w.val().length > 1); return t.val();`)).toEqual([
      'a',
    ]);
  });

  it('removeAt and removeAll', () => {
    expect(
      run(
        `t.val(['a', 'b', 'c']); t.removeAt(1); const one = t.val(); t.removeAll(); return [one, t.val(), t.isEmpty()];`,
      ),
    ).toEqual([['a', 'c'], [], true]);
    expect(fail(`t.removeAt(0)`).code).toBe('badRequest');
  });

  it('each visits items with their index until fn returns false', () => {
    expect(
      run(
        `t.val(['a', 'b', 'c']); const seen = []; t.each((w, i) => { seen.push(i + w.val()); if (i === 1) return false; }); return seen;`,
      ),
    ).toEqual(['0a', '1b']);
    expect(fail(`t.each('x')`).message).toBe(`field('tags').each: fn must be a function`);
  });

  it('get, first, last, size and contains', () => {
    expect(
      run(
        `t.val(['a', 'b']); return [t.get(1).val(), t.first().val(), t.last().val(), t.size(), t.contains('b'), t.contains('z'), t.get(9).val()];`,
      ),
    ).toEqual(['b', 'a', 'b', 2, true, false, null]);
    expect(run(`return [t.first(), t.last()];`)).toEqual([null, null]);
    expect(fail(`t.get(-1)`).message).toBe(`field('tags').get: index must be an integer >= 0, got number -1`);
  });

  it('items of multi-valued nested fields are nested wrappers', () => {
    expect(
      h.value(`
      const r = sys.data.createRecord('companies');
      const a = r.field('addresses');
      a.add({street: 'Main', zip: '10001'});
      a.add({street: 'Side'});
      a.get(1).field('zip').val(5);
      return [a.size(), a.first().field('zip').val(), r.field('addresses[1].zip').val(), a.contains({street: 'Side', zip: 5})];`),
    ).toEqual([2, 10001, 5, true]);
  });

  it('relationship items: add a record, contains by id or label', () => {
    const other = h.host.insert('companies', { name: 'Other' }).id!;
    expect(
      h.value(`
      const r = sys.data.createRecord('companies');
      const o = sys.data.findById('companies', '${other}');
      r.field('partners').add(o);
      return [r.field('partners').contains('${other}'), r.field('partners').contains('Other'), r.field('partners').first().label()];`),
    ).toEqual([true, true, 'Other']);
  });

  it('a users groups field takes the legacy add({primary, group}) form', () => {
    expect(
      h.value(`
      const u = sys.data.createRecord('sys.users');
      u.field('groups').add({primary: true, group: 'admins'});
      return [u.field('groups[0].group').val(), u.field('groups[0].group').label(), u.field('groups').first().field('primary').val()];`),
    ).toEqual(['admins', 'Administrators', true]);
  });
});
