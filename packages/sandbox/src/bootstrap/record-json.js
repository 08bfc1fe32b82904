// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Record.toJson: the native JSON form (wire values) or the plainText form (display strings).
// Write-only fields (passwords) never appear.

/** `toJson(options)` of a record state; options: `{fields: 'a,b' | ['a','b'], format}`. */
function recordToJson(s, options) {
  const format = own(options, 'format') === undefined ? 'native' : own(options, 'format');
  if (format !== 'native' && format !== 'plainText') {
    throw badRequest(`Record.toJson: format must be 'native' or 'plainText', got ${describe(format)}`);
  }
  const only = selectedFields(own(options, 'fields'));
  const schema = entitySchema('Record.toJson', s.entity).fields;
  const out = { id: s.id, version: s.version, label: s.label, entity: s.entity };
  const names = $keys(schema);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const fs = schema[name];
    const v = own(s.fields, name);
    if (fs.writeOnly || v === undefined || (only && !only[name])) continue;
    out[name] = format === 'plainText' ? plainText(fs, v, true) : visibleData(fs, v, true);
  }
  return out;
}

/** `'a,b.c'` or `['a']` → a set of top-level field names; null means all. */
function selectedFields(fields) {
  if (fields === undefined || fields === null) return null;
  const list = typeof fields === 'string' ? $split(fields, ',') : fields;
  if (!$isArray(list)) throw badRequest(`Record.toJson: fields must be a comma list or an array`);
  const set = $create(null);
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') throw badRequest(`Record.toJson: fields must hold strings`);
    set[$split($trim(list[i]), '.')[0]] = true;
  }
  return set;
}

/** A copy of a stored value without write-only nested children. */
function visibleData(fs, v, whole) {
  if (v === null || v === undefined) return null;
  if (whole && fs.multiple) return $isArray(v) ? mapItems(v, (x) => visibleData(fs, x, false)) : [];
  if (fs.type !== 'nested') return cloneData(v);
  return mapNested(fs, v, (child, cv) => visibleData(child, cv, true));
}

/** A stored value as display text: dates in ISO, relationships and groups by label. */
function plainText(fs, v, whole) {
  if (v === null || v === undefined) return null;
  if (whole && fs.multiple) return $isArray(v) ? mapItems(v, (x) => plainText(fs, x, false)) : [];
  switch (fs.type) {
    case 'dateTime':
      return $toISOString(new $Date(v));
    case 'relationship':
      return own(v, 'label') === undefined ? null : v.label;
    case 'group': {
      const g = findGroup(v);
      return g ? g.label : $String(v);
    }
    case 'nested':
      return mapNested(fs, v, (child, cv) => plainText(child, cv, true));
    case 'json':
      return $JSON_stringify(v);
    default:
      return $String(v);
  }
}

function mapItems(list, fn) {
  const out = [];
  for (let i = 0; i < list.length; i++) out[i] = fn(list[i]);
  return out;
}

function mapNested(fs, v, fn) {
  const out = {};
  if (own(v, 'id') !== undefined) out.id = v.id;
  const children = fs.fields || {};
  const names = $keys(children);
  for (let i = 0; i < names.length; i++) {
    const child = children[names[i]];
    const cv = own(v, names[i]);
    if (!child.writeOnly && cv !== undefined) out[names[i]] = fn(child, cv);
  }
  return out;
}
