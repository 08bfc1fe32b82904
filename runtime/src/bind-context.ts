import { badRequest } from '@warden/sys-api';
import { str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { findUser, type RunState, toWire } from './run-state.js';

/** `sys.context.*`: who the run acts as. The change lasts until the run ends. */
export function bindContext(state: RunState): OpTable {
  return {
    'context.getCurrentUser': () => {
      if (!state.currentUserId) return null;
      state.touch();
      const user = state.store.findById('sys.users', state.currentUserId);
      return user && toWire('sys.users', user);
    },
    'context.setCurrentUser': ([by, value]) => {
      const op = 'sys.context.setCurrentUser';
      if (by !== 'record' && by !== 'id' && by !== 'email')
        throw badRequest(`${op}: unknown lookup '${String(by)}'`);
      state.touch();
      state.currentUserId = findUser(state, op, str(op, by === 'email' ? 'email' : 'userId', value)).id;
      return null;
    },
  };
}
