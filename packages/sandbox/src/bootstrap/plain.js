// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Arguments become plain JSON data once, before anything checks or sends them: each getter or
// Proxy trap runs exactly once, and only the snapshot is used afterwards.

/** Keys that could reach a prototype on the host if they were merged there. */
const isForbiddenKey = (k) => k === '__proto__' || k === 'constructor' || k === 'prototype';
const MAX_DEPTH = 64;

/** Set by record.js: turns Records and Wrappers into plain data (or returns `undefined`). */
// biome-ignore lint/style/useConst: assigned in record.js
let plainSpecial = (_v) => undefined;

/**
 * A plain snapshot of `value`: null-prototype objects, arrays, strings, finite numbers, booleans,
 * null; Dates become epoch ms. `where` names the function and argument for error messages.
 */
function toPlain(value, where, depth = 0, seen = new $Map()) {
  if (value === undefined || value === null) return null;
  const type = typeof value;
  if (type === 'string' || type === 'boolean') return value;
  if (type === 'number') {
    if (!$isFinite(value)) throw badRequest(`${where}: numbers must be finite, got ${describe(value)}`);
    return value;
  }
  if (type !== 'object') throw badRequest(`${where}: a ${type} cannot be sent, only JSON data`);
  if (depth > MAX_DEPTH) throw badRequest(`${where}: the value is nested more than ${MAX_DEPTH} levels`);
  if ($mapHas(seen, value)) throw badRequest(`${where}: the value contains a cycle`);
  if (isDate(value)) {
    const ms = $getTime(value);
    if (!$isFinite(ms)) throw badRequest(`${where}: invalid Date`);
    return ms;
  }
  const special = plainSpecial(value);
  if (special !== undefined) return special;
  $mapSet(seen, value, true);
  let out;
  if ($isArray(value)) {
    const length = value.length;
    out = [];
    for (let i = 0; i < length; i++) out[i] = toPlain(value[i], where, depth + 1, seen);
  } else {
    out = $create(null);
    const keys = $keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (isForbiddenKey(key)) throw badRequest(`${where}: the key '${key}' is not allowed`);
      const item = value[key];
      if (item !== undefined) out[key] = toPlain(item, where, depth + 1, seen);
    }
  }
  $mapDelete(seen, value);
  return out;
}

const OBJECT_PROTO = $Object.prototype;
const ARRAY_PROTO = $Array.prototype;

/**
 * JSON text of plain data, without consulting any (possibly patched) `toJSON`. Plain data holds
 * only primitives, arrays and objects whose prototype is null, Object.prototype or Array.prototype
 * (and never a callable own `toJSON`), so the native JSON.stringify is exact while neither of
 * those prototypes has a `toJSON` of its own and Array.prototype still inherits from
 * Object.prototype (whose own prototype cannot change). Otherwise: by hand.
 */
function encode(v) {
  const untouched =
    !$hasOwn(OBJECT_PROTO, 'toJSON') &&
    !$hasOwn(ARRAY_PROTO, 'toJSON') &&
    $getPrototypeOf(ARRAY_PROTO) === OBJECT_PROTO;
  if (!untouched) return encodeByHand(v);
  const json = $JSON_stringify(v);
  return json === undefined ? 'null' : json;
}

function encodeByHand(v) {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return $JSON_stringify(v);
    case 'number':
      return $isFinite(v) ? $String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  // Plain data only (toPlain turned Dates into epoch ms), so no Date check here. Built by string
  // concatenation: no parts array and no join per object on every host call.
  if ($isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) out += i === 0 ? encodeByHand(v[i]) : `,${encodeByHand(v[i])}`;
    return `${out}]`;
  }
  const keys = $keys(v);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const item = v[keys[i]];
    if (item === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${$JSON_stringify(keys[i])}:${encodeByHand(item)}`;
  }
  return `${out}}`;
}

/** A deep copy of JSON data coming from the host, so callers never share the record's own state. */
const cloneData = (v) => (v === null || typeof v !== 'object' ? v : $JSON_parse(encode(v)));
