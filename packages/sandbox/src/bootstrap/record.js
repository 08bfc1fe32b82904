// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.Record: a plain in-isolate object over `{entity, id, version, label, fields}`; only
// its JSON (WireRecord) crosses to the host.

const CONSTRUCT = $Symbol('construct');
const SYSTEM_KEYS = { __proto__: null, id: true, version: true, label: true, entity: true };
let stateOf;

class Record {
  #s;
  /** The marker Slingr's own packages check (`user.__class__ !== 'Data'`): own and enumerable. */
  __class__ = 'Data';

  static {
    stateOf = (r) => settled(r.#s);
    isRecord = (v) => v !== null && typeof v === 'object' && #s in v;
  }

  constructor(token, state) {
    if (token !== CONSTRUCT) throw badRequest('sys.data.Record: use sys.data.createRecord(entityName)');
    this.#s = state;
    $freeze(this);
  }

  id() {
    return settled(this.#s).id;
  }
  label() {
    return settled(this.#s).label;
  }
  entityName() {
    return this.#s.entity;
  }
  /** Entities have no ids of their own in Warden: the entity's name stands for it. */
  entityId() {
    return this.#s.entity;
  }
  /** A record read whole has no field prefix (Slingr sets one only in calculated fields): null. */
  parent() {
    return null;
  }
  isNew() {
    return settled(this.#s).id === null;
  }
  field(path) {
    return wrapperAt(this, path);
  }
  copy() {
    const s = settled(this.#s);
    const fields = cloneData(s.fields);
    stripIds(entitySchema('Record.copy', s.entity).fields, fields);
    return newRecord({ entity: s.entity, id: null, version: 0, label: null, fields });
  }
  /** Runs the entity action `name` on this saved record; see sys.data.executeAction for many. */
  action(name, params, options) {
    return runAction('Record.action', this.#s.entity, this, name, params, options);
  }
  toJson(options) {
    return recordToJson(settled(this.#s), toPlain(options, 'Record.toJson: options'));
  }
  fromJson(json) {
    const p = toPlain(json, 'Record.fromJson: json');
    if (p === null || $isArray(p) || typeof p !== 'object') {
      throw badRequest(`Record.fromJson: json must be an object, got ${describe(json)}`);
    }
    const s = settled(this.#s);
    const fields = entitySchema('Record.fromJson', s.entity).fields;
    const keys = $keys(p);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (SYSTEM_KEYS[key]) continue;
      const fs = own(fields, key);
      if (!fs) throw badRequest(`Record.fromJson: '${key}' is not a field of ${s.entity}`);
      s.fields[key] = fromJs(`Record.fromJson: '${key}'`, fs, p[key], true, true);
    }
    // A record keeps its identity: another record's JSON never turns it into that record (a new
    // record would overwrite the original on save). The version follows only a JSON of itself.
    if (s.id !== null && own(p, 'id') === s.id && $isInteger(own(p, 'version'))) s.version = p.version;
    return this;
  }
  /**
   * Takes the record's lock (reentrant; waits up to the host's default) and refreshes the record
   * to its locked state. With `callback(record)`, the lock is released when it returns or throws,
   * and the record is refreshed again after a callback that returned.
   */
  lock(callback) {
    if (callback !== undefined && typeof callback !== 'function')
      throw badRequest(`Record.lock: callback must be a function, got ${describe(callback)}`);
    const id = savedId('Record.lock', this);
    const entity = this.#s.entity;
    assignWire(this, call('data.lock', [entity, id, null]));
    if (callback === undefined) return this;
    try {
      callback(this);
    } finally {
      call('data.unlock', [entity, id]);
    }
    const fresh = call('data.refresh', [entity, id]);
    if (fresh !== null) assignWire(this, fresh);
    return this;
  }
  /** Releases one take of the record's lock. */
  unlock() {
    call('data.unlock', [this.#s.entity, savedId('Record.unlock', this)]);
  }
  /** The record's history (the entity must declare `"history": true`). */
  auditLogs() {
    return auditLogsOf('Record.auditLogs', this);
  }
  /** The legacy name of `auditLogs()`. */
  history() {
    return auditLogsOf('Record.history', this);
  }
  /** `JSON.stringify(record)` gives the record's JSON, as `toJson()` does. */
  toJSON() {
    return this.toJson();
  }
}

/** Records of sys.users also answer the legacy user methods the Slingr samples call. */
class UserRecord extends Record {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  email() {
    return this.field('email').val();
  }
  status() {
    return this.field('status').val();
  }
  fullName() {
    const first = this.field('firstName').val();
    const last = this.field('lastName').val();
    return $trim(`${first === null ? '' : first} ${last === null ? '' : last}`);
  }
  containsGroup(group) {
    return usersApi.containsGroup(this, group);
  }
  isPrimaryGroup(group) {
    return usersApi.isPrimaryGroup(this, group);
  }
}

const newRecord = (state) =>
  state.entity === USERS_ENTITY ? new UserRecord(CONSTRUCT, state) : new Record(CONSTRUCT, state);

/**
 * The state of a Record from what the host sent: a WireRecord `{entity, id, version, label,
 * fields}`, or a stored row `{id, version, label, data}` of entity `entityName` (reads send the
 * stored JSON text as is, so the read form is applied here, before any script sees the record).
 */
function stateFromWire(wire, entityName) {
  const data = own(wire, 'data');
  const stored = data !== undefined && entityName !== undefined;
  const entity = stored ? entityName : own(wire, 'entity');
  const schema = entitySchema('sys.data', entity);
  const id = own(wire, 'id');
  const version = own(wire, 'version');
  const label = own(wire, 'label');
  const fields = stored ? readForm(schema.fields, data) : own(wire, 'fields');
  return {
    entity,
    id: typeof id === 'string' ? id : null,
    version: typeof version === 'number' ? version : 0,
    label: typeof label === 'string' ? label : null,
    fields: fields !== null && typeof fields === 'object' && !$isArray(fields) ? fields : {},
  };
}

/** A Record from a WireRecord, or from a stored row of `entityName` (see stateFromWire). */
function recordFromWire(wire, entityName) {
  return newRecord(stateFromWire(wire, entityName));
}

/** The WireRecord of a Record: what `save` and `sys.users.*` send. */
const wireOf = (r) => {
  const s = stateOf(r);
  return { entity: s.entity, id: s.id, version: s.version, label: s.label, fields: s.fields };
};

/**
 * `encode(wireOf(r))` with the record's own keys written by hand (save's hot path): JSON.stringify
 * of the two objects costs about twice as much as of the fields alone. Its state's id and label
 * are strings or null and its version a number, so the text is the same.
 */
function wireJson(r) {
  const s = stateOf(r);
  const id = s.id === null ? 'null' : $JSON_stringify(s.id);
  const label = s.label === null ? 'null' : $JSON_stringify(s.label);
  const entity = $JSON_stringify(s.entity);
  return `{"entity":${entity},"id":${id},"version":${s.version},"label":${label},"fields":${encode(s.fields)}}`;
}

/** Replaces a record's state with a WireRecord's, in place (save, addGroup, activate…). */
function assignWire(r, wire) {
  const s = stateOf(r);
  const fresh = stateFromWire(wire, s.entity);
  s.id = fresh.id;
  s.version = fresh.version;
  s.label = fresh.label;
  s.fields = fresh.fields;
}

/** Removes nested item ids, so that a copy saves as new items. */
function stripIds(fieldsSchema, data) {
  const names = $keys(fieldsSchema);
  for (let i = 0; i < names.length; i++) {
    const fs = fieldsSchema[names[i]];
    const v = own(data, names[i]);
    if (fs.type !== 'nested' || v === null || v === undefined) continue;
    const items = $isArray(v) ? v : [v];
    for (let j = 0; j < items.length; j++) {
      if (items[j] !== null && typeof items[j] === 'object') {
        delete items[j].id;
        stripIds(fs.fields || {}, items[j]);
      }
    }
  }
}

plainSpecial = (v) => {
  if (isRecord(v)) return toPlain(v.toJson(), 'toJson');
  if (isWrapper(v)) return toPlain(v.val(), 'val');
  return undefined;
};
