// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.context: who the run acts as. A changed current user is restored by the host after the run.

const contextApi = namespace({
  __proto__: null,
  getCurrentUserRecord: () => recordOrNull(call('context.getCurrentUser', [])),
  /** Legacy name of getCurrentUserRecord, still used by Slingr samples. */
  getCurrentUser: () => recordOrNull(call('context.getCurrentUser', [])),
  getCurrentUserId() {
    const user = call('context.getCurrentUser', []);
    return user === null ? null : own(user, 'id') || null;
  },
  /** Scripts do not serve requests, so there is never a client IP. */
  getCurrentIp: () => null,
  setCurrentUserRecord(userRecord) {
    if (!isUserRecord(userRecord)) {
      throw badRequest(
        `sys.context.setCurrentUserRecord: userRecord must be a sys.users record, got ${describe(userRecord)}`,
      );
    }
    const id = userRecord.id();
    if (id === null) throw badRequest('sys.context.setCurrentUserRecord: the user has not been saved');
    call('context.setCurrentUser', ['record', id]);
  },
  setCurrentUserRecordById(userId) {
    call('context.setCurrentUser', ['id', textArgOf('setCurrentUserRecordById', 'userId', userId)]);
  },
  setCurrentUserRecordByEmail(email) {
    call('context.setCurrentUser', ['email', textArgOf('setCurrentUserRecordByEmail', 'email', email)]);
  },
});

function textArgOf(method, name, v) {
  if (typeof v !== 'string' || v === '') {
    throw badRequest(`sys.context.${method}: ${name} must be a non-empty string, got ${describe(v)}`);
  }
  return v;
}
