import { str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { requireRight } from './run-access.js';
import type { RunState } from './run-state.js';

/**
 * The account calls scripts may make (`sys.users.getLoginStats`, sessions, email change, MFA
 * status and removal), each on a user id. Sign-up, codes, enrolment and tokens stay host calls:
 * they answer visitors or hand out secrets, which a script must never see.
 */
export function bindAccountOps(state: RunState): OpTable {
  const { users } = state;
  // Under access rules, reading a user's sessions or statistics needs access to their record,
  // and changing them (revoking, an email change, removing a factor) needs edit.
  const id = (op: string, value: unknown, right: 'edit' | 'access' = 'access') => {
    const userId = str(`sys.users.${op}`, 'userId', value);
    state.touch();
    requireRight(state, `sys.users.${op}`, 'sys.users', userId, right);
    return userId;
  };
  return {
    'users.getLoginStats': ([u]) => {
      return users.loginStats(id('getLoginStats', u));
    },
    'users.listSessions': ([u]) => {
      return users.listSessions(id('listSessions', u));
    },
    'users.revokeSession': ([u, sessionId]) => {
      return users.revokeSession(
        id('revokeSession', u, 'edit'),
        str('sys.users.revokeSession', 'sessionId', sessionId),
      );
    },
    'users.requestEmailChange': ([u, email]) => {
      return users.requestEmailChange(
        id('requestEmailChange', u, 'edit'),
        str('sys.users.requestEmailChange', 'newEmail', email),
      );
    },
    'users.getMfaStatus': ([u]) => {
      return users.mfaStatus(id('getMfaStatus', u));
    },
    'users.removeMfa': ([u]) => {
      return users.removeMfa(id('removeMfa', u, 'edit'));
    },
  };
}
