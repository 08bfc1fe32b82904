// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.RecordAuditLogs and RecordAuditLog: a record's history (`record.auditLogs()`, legacy
// `history()`), read from the host's audit log one page at a time (op `data.history`).

/** `{field: {json, text}}`: the stored value and a readable text of it. */
function auditValues(values) {
  const out = { __proto__: null };
  const keys = $keys(values);
  for (let i = 0; i < keys.length; i++) {
    const v = values[keys[i]];
    let text = null;
    if (v !== null && typeof v === 'object') {
      text = !$isArray(v) && typeof v.label === 'string' ? v.label : $JSON_stringify(v);
    } else if (v !== null) text = $String(v);
    out[keys[i]] = $freeze({ __proto__: null, json: v, text });
  }
  return $freeze(out);
}

class RecordAuditLog {
  #e;
  constructor(token, entry) {
    if (token !== CONSTRUCT) throw badRequest('sys.data.RecordAuditLog: use record.auditLogs().find()');
    this.#e = entry;
    $freeze(this);
  }
  id() {
    return this.#e.id;
  }
  timestamp() {
    return new $Date(this.#e.timestamp);
  }
  eventCategory() {
    return this.#e.eventCategory;
  }
  eventType() {
    return this.#e.eventType;
  }
  user() {
    return this.#e.user;
  }
  ip() {
    return this.#e.ip;
  }
  oldRecord() {
    return auditValues(this.#e.oldRecord);
  }
  newRecord() {
    return auditValues(this.#e.newRecord);
  }
}

class RecordAuditLogs {
  #entity;
  #id;
  constructor(token, entity, id) {
    if (token !== CONSTRUCT) throw badRequest('sys.data.RecordAuditLogs: use record.auditLogs()');
    this.#entity = entity;
    this.#id = id;
    $freeze(this);
  }
  /** Logs newest first: `{eventType, from, to, size (20), offset}`; from/to are Dates or epoch ms. */
  find(options) {
    const opts = toPlain(options, 'RecordAuditLogs.find: options');
    if (opts !== null && (typeof opts !== 'object' || $isArray(opts)))
      throw badRequest(`RecordAuditLogs.find: options must be an object, got ${describe(options)}`);
    const rows = call('data.history', [this.#entity, this.#id, opts]);
    const out = [];
    for (let i = 0; i < rows.length; i++) out[i] = new RecordAuditLog(CONSTRUCT, rows[i]);
    return out;
  }
  /** The log of the record's creation, or null. */
  createLog() {
    const rows = this.find({ eventType: '*_RECORD_CREATED', size: 1 });
    return rows.length === 0 ? null : rows[0];
  }
  /** The latest change's log, or null. */
  lastModifiedLog() {
    const rows = this.find({ eventType: '*_RECORD_CHANGED', size: 1 });
    return rows.length === 0 ? null : rows[0];
  }
}

/** `record.auditLogs()`: the saved record's history. */
function auditLogsOf(where, record) {
  return new RecordAuditLogs(CONSTRUCT, record.entityName(), savedId(where, record));
}
