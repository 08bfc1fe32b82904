// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Field values between their stored (wire) form and the JS form scripts see: dateTime is epoch
// ms on the wire and a Date in scripts, date is `YYYY-MM-DD` on the wire and a Date at 00:00 UTC in
// scripts, time is `HH:mm` both ways; relationships are {id, label}; nested are objects. A value
// that does not fit its field is kept as given (`val()` and `fromJson` never refuse one) and the
// save reports every such field at once as validationErrors, as Slingr does.

const TEXT_TYPES = { __proto__: null, text: true, longText: true, email: true, url: true, rank: true };
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z)?$/;
const $dateUTC = Date.UTC;
const pad = (n, w = 2) => $strSlice(`000${n}`, -w);

/** Is `r` a Record / Wrapper? (set by record.js and wrapper.js, which own the brands) */
// biome-ignore lint/style/useConst: assigned in record.js
let isRecord = (_v) => false;
// biome-ignore lint/style/useConst: assigned in wrapper.js
let isWrapper = (_v) => false;

/** The JS form of a stored value of field `fs` (the whole array for a multi-valued field). */
function toJs(fs, stored, whole = true) {
  if (fs.writeOnly) return null;
  if (whole && fs.multiple) {
    const out = [];
    if ($isArray(stored)) for (let i = 0; i < stored.length; i++) out[i] = toJs(fs, stored[i], false);
    return out;
  }
  if (stored === null || stored === undefined) return null;
  switch (fs.type) {
    case 'dateTime':
      return typeof stored === 'number' ? new $Date(stored) : cloneData(stored);
    case 'date': {
      const m = typeof stored === 'string' && toDate(stored) !== undefined ? $exec(DATE_RE, stored) : null;
      return m === null
        ? cloneData(stored)
        : new $Date($dateUTC($Number(m[1]), $Number(m[2]) - 1, $Number(m[3])));
    }
    case 'nested': {
      if (!isObjectValue(stored)) return cloneData(stored);
      const out = {};
      const id = own(stored, 'id');
      if (id !== undefined) out.id = id;
      const children = fs.fields || {};
      const names = $keys(children);
      for (let i = 0; i < names.length; i++) {
        const child = children[names[i]];
        const v = own(stored, names[i]);
        if (v !== undefined && !child.writeOnly) out[names[i]] = toJs(child, v);
      }
      return out;
    }
    default:
      return cloneData(stored);
  }
}

/** The stored form of `v` for field `fs` (whole array for multi-valued fields); badRequest if invalid. */
function fromJs(where, fs, v, whole = true, lenient = false) {
  if (whole && fs.multiple) {
    if (v === null || v === undefined) return [];
    if (!$isArray(v))
      throw badRequest(`${where}: '${fs.name}' is multi-valued, pass an array, got ${describe(v)}`);
    const out = [];
    for (let i = 0; i < v.length; i++) out[i] = fromJs(where, fs, v[i], false, lenient);
    return out;
  }
  if (v === null || v === undefined) return null;
  if (isWrapper(v)) return fromJs(where, fs, v.val(), whole, lenient);
  const value = convertItem(where, fs, v, lenient);
  if (value !== undefined) return value;
  // Kept as given: the save names the field (validationErrors) with the store's own check.
  if (lenient) return toPlain(v, where);
  throw badRequest(`${where}: invalid value for '${fs.name}' (${fs.type}), got ${describe(v)}`);
}

/** One item's stored form, or `undefined` when `v` does not fit the type. */
function convertItem(where, fs, v, lenient) {
  const t = typeof v;
  if (TEXT_TYPES[fs.type])
    return t === 'string' || t === 'number' || t === 'boolean' ? $String(v) : undefined;
  switch (fs.type) {
    case 'integer':
      if (t === 'string' && $test(/^-?\d+$/, $trim(v))) return $Number(v);
      return t === 'number' && $isInteger(v) ? v : undefined;
    case 'decimal':
    case 'money':
      if (t === 'string' && $trim(v) !== '' && $isFinite($Number(v))) return $Number(v);
      return t === 'number' && $isFinite(v) ? v : undefined;
    case 'boolean':
      if (v === 'true' || v === 'false') return v === 'true';
      return t === 'boolean' ? v : undefined;
    case 'date':
      return toDate(v);
    case 'dateTime':
      return toMillis(v);
    case 'time':
      return t === 'string' && $test(TIME_RE, v) ? v : undefined;
    case 'choice': {
      const options = fs.options || [];
      for (let i = 0; i < options.length; i++) if (options[i] === v) return v;
      if (t === 'string' && !lenient) {
        throw badRequest(`${where}: '${fs.name}' must be one of ${$join(options, ', ')}, got ${describe(v)}`);
      }
      return undefined;
    }
    case 'group': {
      const group = t === 'string' ? findGroup(v) : null;
      if (t === 'string' && !group && !lenient)
        throw badRequest(`${where}: no group ${describe(v)} in the app`);
      return group ? group.name : undefined;
    }
    case 'relationship':
      return toRelationship(where, fs, v, lenient);
    case 'nested':
      return toNested(where, fs, v, lenient);
    case 'json':
      return toPlain(v, where);
    default:
      return undefined;
  }
}

function toDate(v) {
  if (typeof v === 'string') {
    const m = $exec(DATE_RE, v);
    if (!m) return undefined;
    const d = new $Date($dateUTC($Number(m[1]), $Number(m[2]) - 1, $Number(m[3])));
    return d.getUTCDate() === $Number(m[3]) && d.getUTCMonth() === $Number(m[2]) - 1 ? v : undefined;
  }
  const ms = isDate(v) ? $getTime(v) : typeof v === 'number' ? v : NaN;
  if (!$isFinite(ms)) return undefined;
  return $strSlice($toISOString(new $Date(ms)), 0, 10);
}

function toMillis(v) {
  if (typeof v === 'number') return $isFinite(v) ? v : undefined;
  if (isDate(v)) {
    const ms = $getTime(v);
    return $isFinite(ms) ? ms : undefined;
  }
  if (typeof v !== 'string') return undefined;
  const m = $exec(DATE_TIME_RE, $trim(v));
  if (!m) return undefined;
  const n = (i) => (m[i] === undefined ? 0 : $Number(m[i]));
  const ms = $dateUTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), m[7] === undefined ? 0 : $Number(pad(m[7], 3)));
  return $isFinite(ms) ? ms : undefined;
}

/** `{id, label}` from a Record, `{id}`/`{label}`, an id or a label (looked up on the host). */
function toRelationship(where, fs, v, lenient) {
  if (isRecord(v)) {
    if (v.entityName() !== fs.entity) {
      throw badRequest(`${where}: '${fs.name}' needs a ${fs.entity} record, got a ${v.entityName()} record`);
    }
    if (v.id() === null) throw badRequest(`${where}: the ${fs.entity} record must be saved first`);
    return { id: v.id(), label: v.label() };
  }
  let lookup = v;
  if (typeof v === 'object') {
    const p = toPlain(v, where);
    if ($isArray(p)) return undefined;
    const id = own(p, 'id');
    const label = own(p, 'label');
    if (typeof id === 'string' && typeof label === 'string') return { id, label };
    lookup = typeof id === 'string' ? id : label;
  }
  if (typeof lookup !== 'string' || lookup === '') return undefined;
  const found = call('data.resolveRelationship', [fs.entity, lookup]);
  if (!found && lenient) return undefined;
  if (!found) throw badRequest(`${where}: no ${fs.entity} record has id or label ${describe(lookup)}`);
  return { id: found.id, label: found.label === undefined ? null : found.label };
}

/** A nested value from a map of child values (each converted by its own field). */
function toNested(where, fs, v, lenient) {
  if (typeof v !== 'object' || $isArray(v) || isDate(v)) return undefined;
  const p = toPlain(v, where);
  const children = fs.fields || {};
  const out = {};
  const keys = $keys(p);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === 'id' || key === 'label') {
      if (key === 'id') out.id = p.id;
      continue;
    }
    const child = own(children, key);
    if (!child) throw badRequest(`${where}: '${key}' is not a field of '${fs.name}'`);
    out[key] = fromJs(where, child, p[key], true, lenient);
  }
  return out;
}

/** Empty: null, '' for text types, no items for a multi-valued field. */
function isEmptyValue(fs, stored, whole = true) {
  if (stored === null || stored === undefined) return true;
  if (whole && fs.multiple) return !$isArray(stored) || stored.length === 0;
  return stored === '' && TEXT_TYPES[fs.type] === true;
}

/** Does stored item `stored` equal `v` (any accepted write form)? Never throws. */
function itemEquals(fs, stored, v) {
  if (fs.type === 'relationship') {
    if (stored === null || stored === undefined) return v === null || v === undefined;
    if (isRecord(v)) return v.id() === stored.id;
    const other = isWrapper(v) ? v.val() : v;
    if (typeof other === 'string') return other === stored.id || other === stored.label;
    const id = own(other, 'id');
    return id !== undefined ? id === stored.id : own(other, 'label') === stored.label;
  }
  try {
    const a = fromJs('equals', fs, v, false);
    return encode(a) === encode(stored === undefined ? null : stored);
  } catch {
    return false;
  }
}
