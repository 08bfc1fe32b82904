import type { RecordData } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { createUserGroups, findGroup } from './user-groups.js';

const GROUPS = [
  { id: 'g1', name: 'Group1', label: 'Group 1' },
  { id: 'g2', name: 'admins', label: 'Administrators' },
  { id: 'g3', name: 'sales', label: 'Sales' },
];
const groups = createUserGroups(GROUPS);
const user = (items: unknown[] = []): RecordData => ({
  id: null,
  version: 0,
  label: null,
  fields: { groups: items },
});
const summary = (u: RecordData) =>
  (u.fields.groups as { group: string; primary: boolean }[]).map((g) => `${g.group}${g.primary ? '*' : ''}`);

describe('user groups (in memory)', () => {
  it('finds a group by id, name or label', () => {
    expect(findGroup(GROUPS, 'g2')?.name).toBe('admins');
    expect(findGroup(GROUPS, 'admins')?.name).toBe('admins');
    expect(findGroup(GROUPS, 'Administrators')?.name).toBe('admins');
    expect(findGroup(GROUPS, 'nope')).toBeUndefined();
  });

  it('makes the first group primary, and moves primary on request', () => {
    const one = groups.add(user(), 'Sales', false);
    expect(summary(one)).toEqual(['sales*']);
    const two = groups.add(one, 'g2', false);
    expect(summary(two)).toEqual(['sales*', 'admins']);
    const moved = groups.add(two, 'admins', true);
    expect(summary(moved)).toEqual(['sales', 'admins*']);
    expect(summary(groups.add(moved, 'sales', false))).toEqual(['sales', 'admins*']);
  });

  it('does not touch the record it was given', () => {
    const original = user([{ id: 'item1', group: 'Group1', primary: true }]);
    const added = groups.add(original, 'admins', true);
    expect(summary(original)).toEqual(['Group1*']);
    expect(added).not.toBe(original);
    expect((added.fields.groups as { id?: string }[])[0]!.id).toBe('item1');
  });

  it('promotes the next group when the primary one is removed', () => {
    const u = user([
      { group: 'Group1', primary: true },
      { group: 'admins', primary: false },
    ]);
    expect(summary(groups.remove(u, 'Group 1'))).toEqual(['admins*']);
    expect(summary(groups.remove(u, 'admins'))).toEqual(['Group1*']);
    expect(summary(groups.remove(u, 'sales'))).toEqual(['Group1*', 'admins']);
    expect(summary(groups.remove(groups.remove(u, 'admins'), 'Group1'))).toEqual([]);
  });

  it('answers membership and primary questions by id, name or label', () => {
    const u = user([
      { group: 'Group1', primary: false },
      { group: 'admins', primary: true },
    ]);
    expect(groups.contains(u, 'Administrators')).toBe(true);
    expect(groups.contains(u, 'sales')).toBe(false);
    expect(groups.isPrimary(u, 'g2')).toBe(true);
    expect(groups.isPrimary(u, 'Group1')).toBe(false);
    expect(groups.primary(u)).toEqual({ id: 'g2', name: 'admins', label: 'Administrators' });
    expect(groups.primary(user())).toBeNull();
  });

  it('rejects an unknown group with notFound naming the function', () => {
    for (const call of [
      () => groups.add(user(), 'ghosts', true),
      () => groups.remove(user(), 'ghosts'),
      () => groups.contains(user(), 'ghosts'),
      () => groups.isPrimary(user(), 'ghosts'),
    ]) {
      expect(call).toThrow(
        expect.objectContaining({
          code: 'notFound',
          message: expect.stringMatching(/^sys\.users\.\w+: group 'ghosts' does not exist/),
        }),
      );
    }
  });
});
