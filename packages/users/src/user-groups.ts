import { type GroupSchema, notFound, type RecordData } from '@warden/sys-api';

/** One item of a user's `groups` field. `group` holds the group name once saved. */
export interface GroupItem {
  id?: string;
  group: string;
  primary: boolean;
}

/** The group whose id, name or label is `key` (in that order of precedence), if any. */
export function findGroup(groups: readonly GroupSchema[], key: unknown): GroupSchema | undefined {
  if (typeof key !== 'string') return undefined;
  return (
    groups.find((g) => g.id === key) ??
    groups.find((g) => g.name === key) ??
    groups.find((g) => g.label === key)
  );
}

function requireGroup(groups: readonly GroupSchema[], fn: string, key: string): GroupSchema {
  const group = findGroup(groups, key);
  if (!group) throw notFound(`${fn}: group '${key}' does not exist (give a group id, name or label)`);
  return group;
}

/** The `groups` field as items; anything that is not an item is dropped. */
export function groupItems(user: RecordData): GroupItem[] {
  const value = user.fields.groups;
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (v): v is Record<string, unknown> => typeof v === 'object' && v !== null && typeof v.group === 'string',
    )
    .map((v) => ({
      ...(typeof v.id === 'string' ? { id: v.id } : {}),
      group: v.group as string,
      primary: v.primary === true,
    }));
}

/**
 * Exactly one primary item when there is any: the first flagged one wins, else the first item.
 */
export function withOnePrimary(items: GroupItem[]): GroupItem[] {
  const index = Math.max(
    0,
    items.findIndex((i) => i.primary),
  );
  return items.map((item, i) => ({ ...item, primary: i === index }));
}

const sameGroup = (groups: readonly GroupSchema[], item: GroupItem, group: GroupSchema) =>
  findGroup(groups, item.group)?.id === group.id;

const withGroups = (user: RecordData, items: GroupItem[]): RecordData => ({
  ...user,
  fields: { ...user.fields, groups: items },
});

/** The user-group operations of `sys.users`, over the app's groups. All work in memory. */
export function createUserGroups(groups: readonly GroupSchema[]) {
  const primaryOf = (user: RecordData) => {
    const item = withOnePrimary(groupItems(user)).find((i) => i.primary);
    return item ? findGroup(groups, item.group) : undefined;
  };

  return {
    contains(user: RecordData, key: string): boolean {
      const group = requireGroup(groups, 'sys.users.containsGroup', key);
      return groupItems(user).some((i) => sameGroup(groups, i, group));
    },
    isPrimary(user: RecordData, key: string): boolean {
      const group = requireGroup(groups, 'sys.users.isPrimaryGroup', key);
      return primaryOf(user)?.id === group.id;
    },
    primary(user: RecordData): GroupSchema | null {
      const group = primaryOf(user);
      return group ? { id: group.id, name: group.name, label: group.label } : null;
    },
    add(user: RecordData, key: string, primary: boolean): RecordData {
      const group = requireGroup(groups, 'sys.users.addGroup', key);
      let items = groupItems(user);
      if (!items.some((i) => sameGroup(groups, i, group))) items.push({ group: group.name, primary: false });
      if (primary) items = items.map((i) => ({ ...i, primary: sameGroup(groups, i, group) }));
      return withGroups(user, withOnePrimary(items));
    },
    remove(user: RecordData, key: string): RecordData {
      const group = requireGroup(groups, 'sys.users.removeGroup', key);
      const items = groupItems(user).filter((i) => !sameGroup(groups, i, group));
      return withGroups(user, withOnePrimary(items));
    },
  };
}

/** The user-group operations bound to one app's groups. */
export type UserGroups = ReturnType<typeof createUserGroups>;
