// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Argument checks of sys.data: entity names, ids, records, query maps and builders.

function checkId(where, id) {
  if (typeof id !== 'string' || id === '')
    throw badRequest(`${where}: id must be a non-empty string, got ${describe(id)}`);
  return id;
}

function checkRecord(where, record, name = 'record') {
  if (!isRecord(record))
    throw badRequest(`${where}: ${name} must be a sys.data.Record, got ${describe(record)}`);
  return record;
}

function savedId(where, record) {
  checkRecord(where, record);
  if (record.id() === null) throw badRequest(`${where}: the record has not been saved, it has no id`);
  return record.id();
}

/** Timeouts are milliseconds; null means the host default. */
function checkTimeout(where, ms) {
  if (ms === undefined || ms === null) return null;
  if (!$isInteger(ms) || ms < 0)
    throw badRequest(`${where}: timeout must be milliseconds >= 0, got ${describe(ms)}`);
  return ms;
}

/**
 * `(entityName, queryMap?)` or `(query)` → `{entity, map, rest}`; `rest` are the arguments after
 * the query. A string query is a badRequest unless `allowKey` (findOne's id/email form).
 */
function queryArgs(where, args, allowKey = false) {
  const first = args[0];
  if (isQuery(first)) {
    const parts = queryParts(first);
    return { entity: parts.entity, map: parts.map, rest: $slice(args, 1) };
  }
  entitySchema(where, first);
  const q = args[1];
  const rest = $slice(args, 2);
  if (q === undefined || q === null) return { entity: first, map: null, rest };
  if (isQuery(q)) {
    const parts = queryParts(q);
    if (parts.entity !== first) throw badRequest(`${where}: the query is for ${parts.entity}, not ${first}`);
    return { entity: first, map: parts.map, rest };
  }
  if (typeof q === 'string' && allowKey) return { entity: first, map: q, rest };
  if (typeof q !== 'object' || $isArray(q)) {
    throw badRequest(
      `${where}: Query options are not valid: ${describe(q)} (pass a query map or a sys.data.Query)`,
    );
  }
  return { entity: first, map: queryMap(where, q), rest };
}

/** A plain snapshot of a query map; record values become their ids. */
function queryMap(where, q) {
  const out = {};
  const keys = $keys(q);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (isForbiddenKey(key)) throw badRequest(`${where}: the key '${key}' is not allowed`);
    const v = q[key];
    if (v === undefined) continue;
    out[key] = isRecord(v) ? savedId(where, v) : toPlain(v, `${where}: query '${key}'`, 1);
  }
  return out;
}

/** Options maps (save, delete, resetPassword...): a plain object or null. */
function optionsArg(where, options) {
  if (options === undefined || options === null) return null;
  const p = toPlain(options, `${where}: options`);
  if (typeof p !== 'object' || $isArray(p))
    throw badRequest(`${where}: options must be an object, got ${describe(options)}`);
  return p;
}

/** A Record or null from a WireRecord, or from a stored row of `entityName` (see stateFromWire). */
const recordOrNull = (wire, entityName) =>
  wire === null || wire === undefined ? null : recordFromWire(wire, entityName);
