import { badRequest, WardenError } from '@warden/sys-api';
import { str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { findUser, type RunState, toWire } from './run-state.js';

/** `sys.context.*`: who the run acts as. The change lasts until the run ends. */
export function bindContext(state: RunState): OpTable {
  return {
    'context.getCurrentUser': () => {
      if (!state.currentUserId) return null;
      state.touch();
      // The run's own user is always readable to it, hidden fields aside.
      const user = state.store.findById('sys.users', state.currentUserId);
      return user && toWire('sys.users', user);
    },
    'context.setCurrentUser': ([by, value]) => {
      const op = 'sys.context.setCurrentUser';
      if (by !== 'record' && by !== 'id' && by !== 'email')
        throw badRequest(`${op}: unknown lookup '${String(by)}'`);
      state.touch();
      const id = findUser(state, op, str(op, by === 'email' ? 'email' : 'userId', value)).id;
      // Under access rules the run keeps its user: switching would take another user's rights.
      if (state.enforce && id !== state.currentUserId) {
        throw new WardenError(
          'forbidden',
          `${op}: a run under access rules acts as its own user and cannot switch to another`,
        );
      }
      state.currentUserId = id;
      return null;
    },
    'context.stack': () => state.frames,
  };
}
