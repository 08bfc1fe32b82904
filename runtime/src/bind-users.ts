import { obj, optStr, str, wire } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { type RunState, savedUserId, toRecord, toWire } from './run-state.js';

const USERS = 'sys.users';

/** `sys.users.*`: the user lifecycle, groups, identity providers, endpoint configuration. */
export function bindUsers(state: RunState): OpTable {
  const { users } = state;
  const user = (op: string, value: unknown) => wire(`sys.users.${op}`, 'user', value, USERS);
  // The users service loads the stored user by id itself: reading it here too cost a second read per call.
  const stored = (op: string, value: unknown) => savedUserId(`sys.users.${op}`, user(op, value));

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
    'users.getEndpointConfiguration': ([u, endpoint]) => {
      state.touch();
      return users.getEndpointConfiguration(
        stored('getEndpointConfiguration', u),
        str('sys.users.getEndpointConfiguration', 'endpointName', endpoint),
      );
    },
  };
}
