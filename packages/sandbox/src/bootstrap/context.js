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
  /** A test of the outermost context: `root().entity('companies').create().check()`. */
  root: () => contextTest('root'),
  /** A test of every context the run sits in: true when any of them matches. */
  any: () => contextTest('any'),
});

/**
 * Slingr's context builder: what to look for, then `.with({...})` and `.check()`. Warden has no
 * actions and no imports, so those tests are false; the rest match the stack the host keeps
 * (`context.stack`: the script, then each hook's triggering operation and the hook as a listener).
 */
function contextTest(mode) {
  const fn = `sys.context.${mode}()`;
  const want = { kind: null, entity: null, operation: null, name: null, with: null };
  const final = namespace({
    __proto__: null,
    with(options) {
      if (options === null || typeof options !== 'object')
        throw badRequest(`${fn}.with: options must be an object, got ${describe(options)}`);
      want.with = toPlain(options, `${fn}.with: options`);
      return final;
    },
    check() {
      if (want.kind === null)
        throw badRequest(`${fn}.check: say what to test first (entity, users or listener)`);
      if (want.kind === 'never') return false;
      const frames = call('context.stack', []);
      const list = mode === 'root' ? [frames[0]] : frames;
      for (let i = 0; i < list.length; i++) if (frameMatches(list[i], want)) return true;
      return false;
    },
  });
  const op = (operation) => () => {
    want.operation = operation;
    return final;
  };
  const never = () => {
    want.kind = 'never';
    return final;
  };
  const operations = namespace({
    __proto__: null,
    create: op('create'),
    update: op('update'),
    delete: op('delete'),
    import: never,
    action: never,
  });
  return namespace({
    __proto__: null,
    entity(entityName) {
      want.kind = 'entity';
      want.entity = textArgOf(`${mode}().entity`, 'entityName', entityName);
      return operations;
    },
    users() {
      want.kind = 'users';
      return operations;
    },
    listener(listenerName) {
      want.kind = 'listener';
      want.name = textArgOf(`${mode}().listener`, 'listenerName', listenerName);
      return final;
    },
  });
}

function frameMatches(frame, want) {
  if (own(frame, 'kind') !== want.kind) return false;
  if (want.kind === 'listener') return own(frame, 'name') === want.name;
  if (own(frame, 'operation') !== want.operation) return false;
  if (want.kind === 'entity' && own(frame, 'entity') !== want.entity) return false;
  const w = want.with;
  if (w === null) return true;
  const id = own(w, 'recordId') ?? own(w, 'id');
  if (id !== undefined && id !== own(frame, 'recordId')) return false;
  const email = own(w, 'email');
  if (
    email !== undefined &&
    (typeof email !== 'string' || $toLowerCase(email) !== $toLowerCase(own(frame, 'email') ?? ''))
  )
    return false;
  return own(w, 'fileName') === undefined;
}

function textArgOf(method, name, v) {
  if (typeof v !== 'string' || v === '') {
    throw badRequest(`sys.context.${method}: ${name} must be a non-empty string, got ${describe(v)}`);
  }
  return v;
}
