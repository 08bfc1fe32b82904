import { obj, optStr, str, wire } from './bind-args.js';
import { bindAccountOps } from './bind-user-accounts.js';
import { bindLifecycleOps } from './bind-user-lifecycle.js';
import type { OpTable } from './op-table.js';
import { requireRight } from './run-access.js';
import { type RunState, savedUserId, toRecord, toWire } from './run-state.js';

const USERS = 'sys.users';

/** `sys.users.*`: the user lifecycle, groups, identity providers, endpoint configuration. */
export function bindUsers(state: RunState): OpTable {
  const { users } = state;
  const user = (op: string, value: unknown) => wire(`sys.users.${op}`, 'user', value, USERS);
  // The users service loads the stored user by id itself: reading it here too cost a second read per call.
  // Under access rules a user method needs the right on that user's record: edit for changes,
  // access for reads of what only the host keeps (roles, endpoint configuration).
  const stored = (op: string, value: unknown, right: 'edit' | 'access' = 'edit') => {
    const id = savedUserId(`sys.users.${op}`, user(op, value));
    requireRight(state, `sys.users.${op}`, USERS, id, right);
    return id;
  };
  const byId = (op: string, value: unknown, right: 'edit' | 'access') => {
    const id = str(`sys.users.${op}`, 'user', value);
    state.touch();
    requireRight(state, `sys.users.${op}`, USERS, id, right);
    return id;
  };
  const role = (op: string, value: unknown) => str(`sys.users.${op}`, 'role', value);

  return {
    'users.activate': ([u]) => {
      state.touch();
      return toWire(USERS, users.activate(stored('activate', u)));
    },
    'users.deactivate': ([u]) => {
      state.touch();
      return toWire(USERS, users.deactivate(stored('deactivate', u)));
    },
    'users.resetPassword': ([u, options]) => {
      state.touch();
      return users.resetPassword(stored('resetPassword', u), obj('resetPassword', 'options', options) ?? {});
    },
    'users.updatePassword': ([u, options]) => {
      state.touch();
      return users.updatePassword(
        stored('updatePassword', u),
        obj('updatePassword', 'options', options) ?? {},
      );
    },
    'users.addIdentityProvider': ([id, provider, externalId]) => {
      state.touch();
      const op = 'sys.users.addIdentityProvider';
      requireRight(state, op, USERS, str(op, 'userId', id), 'edit');
      return toWire(
        USERS,
        users.addIdentityProvider(
          str(op, 'userId', id),
          str(op, 'identityProviderIdOrName', provider),
          optStr(op, 'externalId', externalId),
        ),
      );
    },
    'users.removeIdentityProvider': ([id, provider]) => {
      state.touch();
      const op = 'sys.users.removeIdentityProvider';
      requireRight(state, op, USERS, str(op, 'userId', id), 'edit');
      return toWire(
        USERS,
        users.removeIdentityProvider(str(op, 'userId', id), str(op, 'identityProviderIdOrName', provider)),
      );
    },
    'users.containsGroup': ([u, g]) =>
      users.containsGroup(toRecord(user('containsGroup', u)), str('sys.users.containsGroup', 'group', g)),
    'users.isPrimaryGroup': ([u, g]) =>
      users.isPrimaryGroup(toRecord(user('isPrimaryGroup', u)), str('sys.users.isPrimaryGroup', 'group', g)),
    'users.getPrimaryGroup': ([u]) => users.getPrimaryGroup(toRecord(user('getPrimaryGroup', u))),
    'users.addGroup': ([u, g, primary]) =>
      toWire(
        USERS,
        users.addGroup(
          toRecord(user('addGroup', u)),
          str('sys.users.addGroup', 'group', g),
          primary === true,
        ),
      ),
    'users.removeGroup': ([u, g]) =>
      toWire(
        USERS,
        users.removeGroup(toRecord(user('removeGroup', u)), str('sys.users.removeGroup', 'group', g)),
      ),
    'users.addRole': ([u, r]) => {
      const id = byId('addRole', u, 'edit');
      const roles = state.authz.addRole(id, role('addRole', r));
      state.access = null; // the run's own rights may have changed
      return roles;
    },
    'users.removeRole': ([u, r]) => {
      const id = byId('removeRole', u, 'edit');
      const roles = state.authz.removeRole(id, role('removeRole', r));
      state.access = null;
      return roles;
    },
    'users.getRoles': ([u]) => state.authz.getRoles(byId('getRoles', u, 'access')),
    'users.hasRole': ([u, r]) => state.authz.hasRole(byId('hasRole', u, 'access'), role('hasRole', r)),
    'users.hasPermission': ([u, p]) =>
      state.authz.hasPermission(
        byId('hasPermission', u, 'access'),
        str('sys.users.hasPermission', 'permission', p),
      ),
    'users.getEndpointConfiguration': ([u, endpoint]) => {
      state.touch();
      return users.getEndpointConfiguration(
        stored('getEndpointConfiguration', u, 'access'),
        str('sys.users.getEndpointConfiguration', 'endpointName', endpoint),
      );
    },
    ...bindAccountOps(state),
    ...bindLifecycleOps(state),
  };
}
