import { describe, expect, it } from 'vitest';
import { fieldDef } from './builtin-users.js';
import { type CoerceContext, coerceScalar, isDateText, toEpochMillis } from './field-coerce.js';
import { computeLabel } from './record-label.js';

const ctx: CoerceContext = {
  resolveRelationship: (_e, v) =>
    v === 'known' || (typeof v === 'object' && (v as { id?: string }).id === 'known')
      ? { id: 'known', label: 'K' }
      : null,
  resolveGroup: (k) => (k === 'Admins' || k === 'admins' ? 'admins' : null),
  newId: () => 'n1',
};
const coerce = (type: Parameters<typeof fieldDef>[0], value: unknown, extra = {}) =>
  coerceScalar(fieldDef(type, extra), value, ctx);

describe('field coercion', () => {
  it('reads dateTimes from epoch ms, ISO strings, yyyy-MM-dd HH:mm (UTC) and Dates', () => {
    expect(toEpochMillis(0)).toBe(0);
    expect(toEpochMillis('2024-01-02T03:04:05.678Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    expect(toEpochMillis('2024-01-02T03:04:05+02:00')).toBe(Date.UTC(2024, 0, 2, 1, 4, 5));
    expect(toEpochMillis('2024-01-02 03:04')).toBe(Date.UTC(2024, 0, 2, 3, 4));
    expect(toEpochMillis('1700000000000')).toBe(1_700_000_000_000);
    expect(toEpochMillis(new Date(5))).toBe(5);
    for (const bad of [
      '2024-02-30T00:00:00Z',
      'tomorrow',
      '2024/01/02',
      1.5,
      Number.NaN,
      true,
      null,
      new Date('x'),
    ]) {
      expect(toEpochMillis(bad)).toBeNull();
    }
  });

  it('accepts real calendar days only', () => {
    expect(isDateText('2024-02-29')).toBe(true);
    expect(isDateText('2023-02-29')).toBe(false);
    expect(isDateText('2024-1-01')).toBe(false);
    expect(coerce('date', new Date(Date.UTC(2020, 4, 6)))).toEqual({ ok: true, value: '2020-05-06' });
  });

  it('coerces numbers and booleans, rejecting fractions for integers', () => {
    expect(coerce('integer', '-12')).toEqual({ ok: true, value: -12 });
    expect(coerce('integer', 2 ** 60)).toMatchObject({ ok: false, code: 'type' });
    expect(coerce('integer', '1.0')).toMatchObject({ ok: false, code: 'type' });
    expect(coerce('decimal', '1e3')).toEqual({ ok: true, value: 1000 });
    expect(coerce('decimal', Number.POSITIVE_INFINITY)).toMatchObject({ ok: false });
    expect(coerce('boolean', 'true')).toEqual({ ok: true, value: true });
    expect(coerce('boolean', 1)).toMatchObject({ ok: false, message: 'must be a boolean, got number' });
  });

  it('checks emails, choices, relationships, groups and json', () => {
    expect(coerce('email', 'a@b')).toMatchObject({ ok: false });
    expect(coerce('choice', 'z', { options: ['a'] })).toMatchObject({ ok: false, code: 'option' });
    expect(coerce('relationship', 'known', { entity: 'x' })).toEqual({
      ok: true,
      value: { id: 'known', label: 'K' },
    });
    expect(coerce('relationship', { id: 'known', label: 'stale' }, { entity: 'x' })).toEqual({
      ok: true,
      value: { id: 'known', label: 'K' },
    });
    expect(coerce('relationship', 'other', { entity: 'x' })).toMatchObject({ ok: false, code: 'notFound' });
    expect(coerce('relationship', 12, { entity: 'x' })).toMatchObject({ ok: false, code: 'type' });
    expect(coerce('group', { name: 'Admins' })).toEqual({ ok: true, value: 'admins' });
    expect(coerce('group', 'ghosts')).toMatchObject({ ok: false, code: 'notFound' });
    expect(coerce('json', { a: [1, 'b'] })).toEqual({ ok: true, value: { a: [1, 'b'] } });
    expect(coerce('json', 10n)).toMatchObject({ ok: false, code: 'type' });
  });
});

describe('labels', () => {
  const entity = { name: 'e', label: '{first} {company} ({tags})', fields: {} };
  it('fill templates from stored data: relationships by label, arrays joined, empty as null', () => {
    expect(
      computeLabel(entity, { first: 'Ada', company: { id: 'x', label: 'Acme' }, tags: ['a', 'b'] }),
    ).toBe('Ada Acme (a, b)');
    expect(computeLabel({ ...entity, label: '{first} {last}' }, {})).toBeNull();
    expect(computeLabel({ ...entity, label: 'when' }, { when: 5 })).toBe('5');
    expect(computeLabel({ ...entity, label: '{addr.city}' }, { addr: { city: 'Oslo' } })).toBe('Oslo');
    expect(computeLabel({ name: 'e', fields: {} }, { a: 1 })).toBeNull();
  });
});
