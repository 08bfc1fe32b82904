import type { AccessRules, Store } from '@warden/store';
import { badRequest, notFound, type RecordData } from '@warden/sys-api';
import type { AuthzModel } from './authz-model.js';
import { loadAuthorization } from './load-authorization.js';
import { accessRulesOf, computeRights, type UserRights } from './user-rights.js';
import { createUserRoleTable } from './user-roles.js';

/** Roles and rights of users, over the store's connection (host side and workers alike). */
export interface Authz {
  /** The validated authorization section; `declared` is false when the app has none. */
  readonly model: AuthzModel;
  /** Every role the user holds: directly and through their groups. */
  getRoles(user: UserRef): string[];
  /** Gives the user a role directly (stored at once); a role they hold already is kept. */
  addRole(user: UserRef, role: string): string[];
  /** Takes a directly held role away; roles a group gives stay while the user is in the group. */
  removeRole(user: UserRef, role: string): string[];
  hasRole(user: UserRef, role: string): boolean;
  /** True when a role or group the user holds grants the named permission (`invoices:approve`). */
  hasPermission(user: UserRef, permission: string): boolean;
  /** Groups, roles, permissions and per-entity rights, conditions bound to the user's values. */
  permissionsOf(user: UserRef): UserRights;
  /** The store access scope of a user's rights (see `Store.scoped`). */
  accessRules(rights: UserRights): AccessRules;
}

/** A user: id, email, or a `sys.users` record. */
export type UserRef = string | RecordData;

/** Validates the app's authorization section and opens the role table. */
export function createAuthz(store: Store): Authz {
  const model = loadAuthorization(store.app, store.schema);
  const table = createUserRoleTable(store);
  const userOf = (op: string, ref: UserRef): RecordData => {
    const key = typeof ref === 'string' ? ref : ref?.id;
    if (typeof key !== 'string' || key === '')
      throw badRequest(`${op}: user must be a user id, an email or a saved sys.users record`);
    const user = store.findOne('sys.users', key);
    if (!user?.id) throw notFound(`${op}: no user with id or email '${key.slice(0, 80)}'`);
    return user;
  };
  const roleArg = (op: string, role: unknown): string => {
    if (typeof role !== 'string') throw badRequest(`${op}: role must be a string, got ${typeof role}`);
    if (!Object.hasOwn(model.roles, role))
      throw notFound(`${op}: role '${role.slice(0, 80)}' does not exist`);
    return role;
  };
  const rights = (op: string, ref: UserRef): UserRights => {
    const user = userOf(op, ref);
    const groups = ((user.fields.groups as { group?: unknown }[] | null) ?? [])
      .map((g) => g.group)
      .filter((g): g is string => typeof g === 'string');
    const values = { ...user.fields, id: user.id as string };
    return computeRights(store.app, model, values, groups, table.list(user.id as string));
  };
  return {
    model,
    getRoles: (ref) => rights('getRoles', ref).roles,
    addRole(ref, role) {
      const r = roleArg('addRole', role);
      table.add(userOf('addRole', ref).id as string, r);
      return rights('addRole', ref).roles;
    },
    removeRole(ref, role) {
      const r = roleArg('removeRole', role);
      table.remove(userOf('removeRole', ref).id as string, r);
      return rights('removeRole', ref).roles;
    },
    hasRole(ref, role) {
      if (typeof role !== 'string') throw badRequest(`hasRole: role must be a string, got ${typeof role}`);
      return rights('hasRole', ref).roles.includes(role);
    },
    hasPermission(ref, permission) {
      if (typeof permission !== 'string')
        throw badRequest(`hasPermission: permission must be a string, got ${typeof permission}`);
      return rights('hasPermission', ref).permissions.includes(permission);
    },
    permissionsOf: (ref) => rights('permissionsOf', ref),
    accessRules: accessRulesOf,
  };
}
