// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// The app schema (entities, fields, groups); field paths resolved against it. It comes as lines
// (see encodeBootstrapSchema): the app's JSON, then `name<TAB>JSON` per entity, parsed on first use,
// so a run pays for the entities it touches, not for the size of the app.

const SCHEMA_LINES = $split($schemaJson || '{}', '\n');
const SCHEMA = $JSON_parse(SCHEMA_LINES[0]);
const GROUPS = own(SCHEMA, 'groups') || [];
const USERS_ENTITY = 'sys.users';

/** Entity name → its schema: JSON text until first used, then the parsed schema. */
const ENTITIES = new $Map();
for (let i = 1; i < SCHEMA_LINES.length; i++) {
  const tab = $indexOf(SCHEMA_LINES[i], '\t');
  $mapSet(ENTITIES, $strSlice(SCHEMA_LINES[i], 0, tab), $strSlice(SCHEMA_LINES[i], tab + 1));
}

/** The entity schema, or a badRequest naming the function and the value. */
function entitySchema(where, name) {
  const entity = $mapGet(ENTITIES, name);
  if (typeof entity === 'object') return entity;
  if (entity === undefined)
    throw badRequest(`${where}: entityName must be the name of an entity, got ${describe(name)}`);
  const parsed = $JSON_parse(entity);
  $mapSet(ENTITIES, name, parsed);
  return parsed;
}

/** A group of the app by id, name or label; null when unknown. */
function findGroup(value) {
  for (let i = 0; i < GROUPS.length; i++) {
    const g = GROUPS[i];
    if (g.id === value || g.name === value || g.label === value) return g;
  }
  return null;
}

/** `a.b[0].c` → [{name:'a', index:null}, {name:'b', index:0}, {name:'c', index:null}]; null if malformed. */
function parsePath(path) {
  if (typeof path !== 'string' || path === '') return null;
  const parts = $split(path, '.');
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const m = $exec(/^([A-Za-z_$][\w$]*)(?:\[(\d+)\])?$/, parts[i]);
    if (!m) return null;
    $push(out, { name: m[1], index: m[2] === undefined ? null : $Number(m[2]) });
  }
  return out;
}

/**
 * Resolves `path` in `fields` (a fields schema) into access steps: names, item indexes, and `'*'`
 * where a multi-valued parent is crossed without an index (those paths read as arrays).
 * Returns `{steps, schema, many}` where `many` means the path names a whole multi-valued field.
 */
function resolvePath(where, entityName, fields, path) {
  const segments = parsePath(path);
  if (!segments) throw badRequest(`${where}: path must be like 'a.b[0].c', got ${describe(path)}`);
  const steps = [];
  let schema = null;
  let projected = false;
  let scope = fields;
  for (let i = 0; i < segments.length; i++) {
    const { name, index } = segments[i];
    schema = own(scope, name);
    if (!schema) throw badRequest(`${where}: '${path}' is not a field of ${entityName} (no '${name}')`);
    $push(steps, name);
    const last = i === segments.length - 1;
    if (index !== null) {
      if (!schema.multiple) throw badRequest(`${where}: '${name}' in '${path}' is not multi-valued`);
      $push(steps, index);
    } else if (schema.multiple && !last) {
      $push(steps, '*');
      projected = true;
    }
    if (!last) {
      if (schema.type !== 'nested') throw badRequest(`${where}: '${name}' in '${path}' has no child fields`);
      scope = schema.fields || {};
    }
  }
  const lastIndexed = segments[segments.length - 1].index !== null;
  return { steps, schema, projected, many: schema.multiple && !lastIndexed && !projected };
}

/** Resolved field paths by entity, then path: scripts read the same few paths over and over. */
const ENTITY_PATHS = new $Map();
const MAX_PATHS_PER_ENTITY = 1024;

/**
 * `resolvePath` of `path` from the root of entity `entityName`, cached (the schema never changes
 * in a run). Cached results are frozen, since every wrapper of that path shares them.
 */
function entityPath(entityName, path) {
  let paths = $mapGet(ENTITY_PATHS, entityName);
  const hit = paths === undefined ? undefined : $mapGet(paths, path);
  if (hit !== undefined) return hit;
  const fields = entitySchema('Record.field', entityName).fields;
  const r = resolvePath(`${entityName}.field`, entityName, fields, path);
  $freeze(r.steps);
  $freeze(r);
  if (paths === undefined) {
    paths = new $Map();
    $mapSet(ENTITY_PATHS, entityName, paths);
  }
  // Indexed paths (`items[7].name`) are unbounded: past the cap, resolve without caching.
  if ($mapSize(paths) < MAX_PATHS_PER_ENTITY) $mapSet(paths, path, r);
  return r;
}

const isObjectValue = (v) => v !== null && typeof v === 'object' && !$isArray(v);

/**
 * The read form of stored data, as the store gives it: every field of `fieldsSchema` present,
 * empty ones null (`[]` when multiple), write-only ones null, keys of unknown (removed) fields
 * dropped; nested values likewise, items of multi-valued nested fields keeping their `id` first.
 */
function readForm(fieldsSchema, data) {
  const out = {};
  const names = $keys(fieldsSchema);
  for (let i = 0; i < names.length; i++) {
    const fs = fieldsSchema[names[i]];
    const v = fs.writeOnly ? undefined : own(data, names[i]);
    if (v === null || v === undefined) out[names[i]] = fs.multiple ? [] : null;
    else out[names[i]] = fs.type === 'nested' ? nestedReadForm(fs, v) : v;
  }
  return out;
}

function nestedReadForm(fs, v) {
  const children = fs.fields || {};
  if (!fs.multiple) return isObjectValue(v) ? readForm(children, v) : v;
  if (!$isArray(v)) return v;
  const items = [];
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (!isObjectValue(item)) {
      items[i] = item;
      continue;
    }
    const id = own(item, 'id');
    const rest = readForm(children, item);
    if (typeof id !== 'string') {
      items[i] = rest;
      continue;
    }
    const out = { id };
    const keys = $keys(rest);
    for (let k = 0; k < keys.length; k++) out[keys[k]] = rest[keys[k]];
    items[i] = out;
  }
  return items;
}

/** Reads `steps` from `root`; `'*'` maps over array items and flattens. Missing → null. */
function readSteps(root, steps, from = 0) {
  let v = root;
  for (let i = from; i < steps.length; i++) {
    if (v === null || v === undefined) return null;
    const step = steps[i];
    if (step === '*') {
      if (!$isArray(v)) return [];
      const out = [];
      for (let j = 0; j < v.length; j++) {
        const item = readSteps(v[j], steps, i + 1);
        if ($isArray(item) && hasStarFrom(steps, i + 1)) {
          for (let k = 0; k < item.length; k++) $push(out, item[k]);
        } else $push(out, item);
      }
      return out;
    }
    if (typeof step === 'number') v = $isArray(v) && step < v.length ? v[step] : null;
    else v = own(v, step);
  }
  return v === undefined ? null : v;
}

/** True when another `'*'` follows position `from` (nested projections are flattened). */
function hasStarFrom(steps, from) {
  for (let i = from; i < steps.length; i++) if (steps[i] === '*') return true;
  return false;
}

/**
 * Writes `value` at `steps` under `root` (an object), creating nested objects and appending an
 * item when an index is past the end. Returns false when a `'*'` step makes the path read-only.
 */
function writeSteps(root, steps, value, itemFactory) {
  let v = root;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i];
    const next = steps[i + 1];
    if (step === '*') return false;
    if (typeof step === 'number') {
      if (step >= v.length) $push(v, itemFactory());
      v = v[step < v.length ? step : v.length - 1];
      continue;
    }
    let child = own(v, step);
    if (child === null || typeof child !== 'object') {
      child = typeof next === 'number' ? [] : {};
      v[step] = child;
    }
    v = child;
  }
  const last = steps[steps.length - 1];
  if (last === '*') return false;
  if (typeof last === 'number') {
    if (last >= v.length) $push(v, value);
    else v[last] = value;
  } else v[last] = value;
  return true;
}
