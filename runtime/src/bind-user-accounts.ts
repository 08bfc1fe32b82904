import { str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import type { RunState } from './run-state.js';

/**
 * The account calls scripts may make (`sys.users.getLoginStats`, sessions, email change, MFA
 * status and removal), each on a user id. Sign-up, codes, enrolment and tokens stay host calls:
 * they answer visitors or hand out secrets, which a script must never see.
 */
export function bindAccountOps(state: RunState): OpTable {
  const { users } = state;
  const id = (op: string, value: unknown) => str(`sys.users.${op}`, 'userId', value);
  return {
    'users.getLoginStats': ([u]) => {
      state.touch();
      return users.loginStats(id('getLoginStats', u));
    },
    'users.listSessions': ([u]) => {
      state.touch();
      return users.listSessions(id('listSessions', u));
    },
    'users.revokeSession': ([u, sessionId]) => {
      state.touch();
      return users.revokeSession(
        id('revokeSession', u),
        str('sys.users.revokeSession', 'sessionId', sessionId),
      );
    },
    'users.requestEmailChange': ([u, email]) => {
      state.touch();
      return users.requestEmailChange(
        id('requestEmailChange', u),
        str('sys.users.requestEmailChange', 'newEmail', email),
      );
    },
    'users.getMfaStatus': ([u]) => {
      state.touch();
      return users.mfaStatus(id('getMfaStatus', u));
    },
    'users.removeMfa': ([u]) => {
      state.touch();
      return users.removeMfa(id('removeMfa', u));
    },
  };
}
