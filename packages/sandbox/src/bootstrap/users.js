// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.users: each method checks its arguments, calls its `users.*` op with the user's wire form,
// and updates the passed user record in place when the host answers with that same user.

const usersApi = namespace({
  __proto__: null,
  activate: (user) => sameUser(user, call('users.activate', [userWire('activate', user)])),
  deactivate: (user) => sameUser(user, call('users.deactivate', [userWire('deactivate', user)])),
  /** → `{userId, userEmail, resetCode, link}`; options `{notifyUser}` (`notify` is an alias). */
  resetPassword(user, options) {
    const wire = userWire('resetPassword', user);
    return call('users.resetPassword', [wire, optionsArg('sys.users.resetPassword', options)]);
  },
  updatePassword(user, options) {
    const wire = userWire('updatePassword', user);
    return call('users.updatePassword', [wire, optionsArg('sys.users.updatePassword', options)]);
  },
  addIdentityProvider(userId, identityProvider, externalId) {
    const id = userIdArg('addIdentityProvider', userId);
    const provider = textArg('addIdentityProvider', 'identityProviderIdOrName', identityProvider);
    if (externalId !== undefined && externalId !== null && typeof externalId !== 'string') {
      throw badRequest(
        `sys.users.addIdentityProvider: externalId must be a string, got ${describe(externalId)}`,
      );
    }
    const wire = call('users.addIdentityProvider', [
      id,
      provider,
      externalId === undefined ? null : externalId,
    ]);
    return sameUser(userId, wire);
  },
  removeIdentityProvider(userId, identityProvider) {
    const id = userIdArg('removeIdentityProvider', userId);
    const provider = textArg('removeIdentityProvider', 'identityProviderIdOrName', identityProvider);
    return sameUser(userId, call('users.removeIdentityProvider', [id, provider]));
  },
  containsGroup(user, group) {
    const wire = userWire('containsGroup', user);
    return call('users.containsGroup', [wire, textArg('containsGroup', 'group', group)]) === true;
  },
  isPrimaryGroup(user, group) {
    const wire = userWire('isPrimaryGroup', user);
    return call('users.isPrimaryGroup', [wire, textArg('isPrimaryGroup', 'group', group)]) === true;
  },
  getPrimaryGroup: (user) => call('users.getPrimaryGroup', [userWire('getPrimaryGroup', user)]),
  /** In memory: the user's fields become the host's answer; `sys.data.save(user)` persists. */
  addGroup(user, group, primary) {
    const wire = userWire('addGroup', user);
    const g = textArg('addGroup', 'group', group);
    if (primary !== undefined && primary !== null && typeof primary !== 'boolean') {
      throw badRequest(`sys.users.addGroup: primary must be a boolean, got ${describe(primary)}`);
    }
    return replaceFields(user, call('users.addGroup', [wire, g, primary === true]));
  },
  removeGroup(user, group) {
    const wire = userWire('removeGroup', user);
    return replaceFields(user, call('users.removeGroup', [wire, textArg('removeGroup', 'group', group)]));
  },
  getEndpointConfiguration(user, endpointName) {
    const wire = userWire('getEndpointConfiguration', user);
    return call('users.getEndpointConfiguration', [
      wire,
      textArg('getEndpointConfiguration', 'endpointName', endpointName),
    ]);
  },
  /** Roles are stored at once (no save needed); each call answers the user's roles after it. */
  addRole: (user, role) =>
    call('users.addRole', [userIdArg('addRole', user), textArg('addRole', 'role', role)]),
  removeRole: (user, role) =>
    call('users.removeRole', [userIdArg('removeRole', user), textArg('removeRole', 'role', role)]),
  getRoles: (user) => call('users.getRoles', [userIdArg('getRoles', user)]),
  hasRole: (user, role) =>
    call('users.hasRole', [userIdArg('hasRole', user), textArg('hasRole', 'role', role)]) === true,
  hasPermission: (user, permission) =>
    call('users.hasPermission', [
      userIdArg('hasPermission', user),
      textArg('hasPermission', 'permission', permission),
    ]) === true,
  /** → `{loginsCount, lastLogin, lastIp}`. */
  getLoginStats: (user) => call('users.getLoginStats', [userIdArg('getLoginStats', user)]),
  /** → `[{sessionId, createdAt, lastUsedAt, ip, userAgent, expiresAt, refreshExpiresAt}]`, no tokens. */
  listSessions: (user) => call('users.listSessions', [userIdArg('listSessions', user)]),
  revokeSession(user, sessionId) {
    const id = userIdArg('revokeSession', user);
    return call('users.revokeSession', [id, textArg('revokeSession', 'sessionId', sessionId)]) === true;
  },
  /** Mails a code to the new address; the email changes when the code is confirmed. */
  requestEmailChange(user, newEmail) {
    const id = userIdArg('requestEmailChange', user);
    return call('users.requestEmailChange', [id, textArg('requestEmailChange', 'newEmail', newEmail)]);
  },
  getMfaStatus: (user) => call('users.getMfaStatus', [userIdArg('getMfaStatus', user)]),
  removeMfa: (user) => call('users.removeMfa', [userIdArg('removeMfa', user)]) === true,
  /** Moves the users a query (or one user) finds to PUBLIC, DRAFT or TRASH → `{changed}`. */
  setState(query, state) {
    const q = isUserRecord(query) || typeof query === 'string' ? userIdArg('setState', query) : query;
    const where = 'sys.users.setState';
    const plain = typeof q === 'string' ? q : optionsArg(where, q);
    if (plain === null) throw badRequest(`${where}: query must be a user, a user id or a query object`);
    return call('users.setState', [plain, textArg('setState', 'state', state)]);
  },
  /** Brings a trashed user back (PUBLIC, or DRAFT) → the user. */
  restore(user, state) {
    const id = userIdArg('restore', user);
    const s = state === undefined || state === null ? null : textArg('restore', 'state', state);
    return sameUser(user, call('users.restore', [id, s]));
  },
  /** → `{userMetadata, appMetadata}`. */
  getMetadata: (user) => call('users.getMetadata', [userIdArg('getMetadata', user)]),
  /** Merges JSON Merge Patches (RFC 7396) → the new `{userMetadata, appMetadata}`. */
  patchMetadata(user, patch) {
    const id = userIdArg('patchMetadata', user);
    const where = 'sys.users.patchMetadata';
    const p = optionsArg(where, patch);
    if (p === null)
      throw badRequest(`${where}: patch must be an object with userMetadata and/or appMetadata`);
    return call('users.patchMetadata', [id, p]);
  },
  /** Fuzzy search of names, email and text fields → `{total, users}` (records). */
  search(text, options) {
    if (typeof text !== 'string')
      throw badRequest(`sys.users.search: text must be a string, got ${describe(text)}`);
    const answer = call('users.search', [text, optionsArg('sys.users.search', options)]);
    return { total: answer.total, users: answer.users.map((w) => recordFromWire(w)) };
  },
  /** True when a user matches the query object (through the run's access rules). */
  exists(query) {
    const q = optionsArg('sys.users.exists', query);
    if (q === null) throw badRequest('sys.users.exists: query must be a query object');
    return call('users.exists', [q]) === true;
  },
  /** Links `secondary` into `primary` → `{user, secondaryId, secondary: 'trashed'|'removed'}`. */
  merge(primary, secondary, options) {
    const p = userIdArg('merge', primary);
    const s = userIdArg('merge', secondary);
    const answer = call('users.merge', [p, s, optionsArg('sys.users.merge', options)]);
    return {
      user: sameUser(primary, answer.user),
      secondaryId: answer.secondaryId,
      secondary: answer.secondary,
    };
  },
});

function isUserRecord(v) {
  return isRecord(v) && v.entityName() === USERS_ENTITY;
}

function userWire(method, user) {
  if (!isUserRecord(user)) {
    const got = isRecord(user) ? `a ${user.entityName()} record` : describe(user);
    throw badRequest(`sys.users.${method}: user must be a sys.users record, got ${got}`);
  }
  return wireOf(user);
}

/** A user id, or a saved user record (its id). */
function userIdArg(method, v) {
  if (isUserRecord(v)) {
    if (v.id() === null) throw badRequest(`sys.users.${method}: userId: the user has not been saved`);
    return v.id();
  }
  if (typeof v !== 'string' || v === '') {
    throw badRequest(
      `sys.users.${method}: userId must be a user id or a sys.users record, got ${describe(v)}`,
    );
  }
  return v;
}

function textArg(method, name, v) {
  if (typeof v !== 'string' || v === '') {
    throw badRequest(`sys.users.${method}: ${name} must be a non-empty string, got ${describe(v)}`);
  }
  return v;
}

/** The passed user updated in place when the answer is that user; a new Record otherwise. */
function sameUser(passed, wire) {
  if (isUserRecord(passed) && passed.id() !== null && passed.id() === own(wire, 'id')) {
    assignWire(passed, wire);
    return passed;
  }
  return recordFromWire(wire);
}

function replaceFields(user, wire) {
  const fields = own(wire, 'fields');
  if (fields !== null && typeof fields === 'object' && !$isArray(fields)) stateOf(user).fields = fields;
  return user;
}
