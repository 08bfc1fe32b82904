// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.Query: the query builder. It checks paths against the schema while building and
// serializes to the Warden query map: `_and: [{path: 'op(value)'}, ...]`, `_or`, `_query`,
// `_size`, `_offset`, `_sortField`, `_sortType`, `_fields`, `_globalSearch`.

let queryParts;
let isQuery;
let isCriteria;
let criteriaMap;

class Query {
  #entity;
  #and = [];
  #options = {};

  static {
    queryParts = (q) => ({ entity: q.#entity, map: q.#toMap() });
    isQuery = (v) => v !== null && typeof v === 'object' && #entity in v;
  }

  constructor(entityName) {
    entitySchema('sys.data.Query', entityName);
    this.#entity = entityName;
    $freeze(this);
  }

  field(path) {
    return new QueryField(CONSTRUCT, this.#entity, path, (cond) => {
      $push(this.#and, cond);
      return this;
    });
  }
  size(n) {
    this.#options._size = count('Query.size', 'size', n);
    return this;
  }
  /** Skips `n` records, or starts after the record with id `n`. */
  offset(n) {
    if (typeof n === 'string' && n !== '') this.#options._offset = n;
    else this.#options._offset = count('Query.offset', 'offset', n);
    return this;
  }
  sortBy(path, direction) {
    checkQueryPath('Query.sortBy', this.#entity, path);
    const dir = direction === undefined || direction === null ? 'asc' : direction;
    if (dir !== 'asc' && dir !== 'desc') {
      throw badRequest(`Query.sortBy: direction must be 'asc' or 'desc', got ${describe(direction)}`);
    }
    this.#options._sortField = path;
    this.#options._sortType = dir;
    return this;
  }
  includeFields(...paths) {
    for (let i = 0; i < paths.length; i++) checkQueryPath('Query.includeFields', this.#entity, paths[i]);
    this.#options._fields = $join(paths, ',');
    return this;
  }
  /** Every word of `text` in some text field (`_globalSearch`); quoted words match as a phrase. */
  globalSearch(text) {
    if (typeof text !== 'string' || $trim(text) === '')
      throw badRequest(`Query.globalSearch: text must be a non-empty string, got ${describe(text)}`);
    this.#options._globalSearch = text;
    return this;
  }
  /** `query(q => q.or(...))` adds a boolean tree; `query("or(filter('a','1'),...)")` the string syntax. */
  query(fnOrString) {
    if (typeof fnOrString === 'string') {
      this.#options._query = fnOrString;
      return this;
    }
    if (typeof fnOrString !== 'function') {
      throw badRequest(`Query.query: pass a function or a query string, got ${describe(fnOrString)}`);
    }
    const criteria = fnOrString(complexHelper(this.#entity));
    if (!isCriteria(criteria)) {
      throw badRequest(
        'Query.query: the function must return a criterion (q.and, q.or or q.field(...).op())',
      );
    }
    $push(this.#and, criteriaMap(criteria));
    return this;
  }

  #toMap() {
    const map = {};
    if (this.#and.length > 0) map._and = cloneData(this.#and);
    const keys = $keys(this.#options);
    for (let i = 0; i < keys.length; i++) map[keys[i]] = this.#options[keys[i]];
    return map;
  }
}

/** sys.data.QueryField: the operators. Chained, they return the Query; inside query(fn), a criterion. */
class QueryField {
  #path;
  #sink;

  constructor(token, entity, path, sink) {
    if (token !== CONSTRUCT) throw badRequest('sys.data.QueryField: use query.field(path)');
    checkQueryPath('Query.field', entity, path);
    this.#path = path;
    this.#sink = sink;
    $freeze(this);
  }

  equals(value) {
    return this.#op('equals', value);
  }
  notEquals(value) {
    return this.#op('notEquals', value);
  }
  like(value) {
    return this.#op('like', value);
  }
  greater(value) {
    return this.#op('greater', value);
  }
  greaterOrEquals(value) {
    return this.#op('greaterOrEquals', value);
  }
  less(value) {
    return this.#op('less', value);
  }
  lessOrEquals(value) {
    return this.#op('lessOrEquals', value);
  }
  between(from, to) {
    const where = `QueryField.between('${this.#path}')`;
    return this.#emit(`between(${formatValue(where, from)},${formatValue(where, to)})`);
  }
  empty() {
    return this.#emit('empty()');
  }
  notEmpty() {
    return this.#emit('notEmpty()');
  }

  #op(op, value) {
    if (value === null || value === undefined) {
      if (op === 'equals') return this.#emit('empty()');
      if (op === 'notEquals') return this.#emit('notEmpty()');
    }
    return this.#emit(`${op}(${formatValue(`QueryField.${op}('${this.#path}')`, value)})`);
  }
  #emit(expr) {
    return this.#sink({ [this.#path]: expr });
  }
}

/**
 * A value inside `op(...)`; Dates as epoch ms. As in a query map, commas in a string separate
 * values that are ORed (`equals('Blogpad,Jazzy')`) unless the script quoted the value itself
 * (`equals('"ACME, Inc"')`); a string without a comma that holds a double quote is quoted.
 */
function formatValue(where, v) {
  if (isRecord(v)) {
    if (v.id() === null) throw badRequest(`${where}: the record has no id yet`);
    return v.id();
  }
  if (isWrapper(v)) return formatValue(where, v.val());
  if (isDate(v)) return $String($getTime(v));
  if (typeof v === 'number' && $isFinite(v)) return $String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') {
    if ($indexOf(v, ',') >= 0 || $indexOf(v, '"') < 0) return v;
    return `"${$replace(v, /"/g, '\\"')}"`;
  }
  const id = v !== null && typeof v === 'object' ? own(v, 'id') : undefined;
  if (typeof id === 'string') return formatValue(where, id);
  throw badRequest(`${where}: value must be a string, number, boolean, Date or record, got ${describe(v)}`);
}

function count(where, name, n) {
  if (!$isInteger(n) || n < 0)
    throw badRequest(`${where}: ${name} must be an integer >= 0, got ${describe(n)}`);
  return n;
}

/** Checks a query path: fields, nested children, fields of related entities, and id/version/label. */
function checkQueryPath(where, entity, path) {
  const parts = typeof path === 'string' && path !== '' ? $split(path, '.') : null;
  if (!parts) throw badRequest(`${where}: path must be a non-empty string, got ${describe(path)}`);
  let scope = entitySchema(where, entity).fields;
  let owner = entity;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i];
    const fs = own(scope, name);
    if (!fs) {
      if (QUERY_SYSTEM_FIELDS[name] && i === parts.length - 1 && (i === 0 || owner !== null)) return;
      throw badRequest(`${where}: '${path}' is not a field of ${entity} (no '${name}')`);
    }
    if (i === parts.length - 1) return;
    if (fs.type === 'nested') {
      scope = fs.fields || {};
      owner = null;
    } else if (fs.type === 'relationship') {
      scope = entitySchema(where, fs.entity).fields;
      owner = fs.entity;
    } else throw badRequest(`${where}: '${name}' in '${path}' has no child fields`);
  }
}

const QUERY_SYSTEM_FIELDS = { __proto__: null, id: true, version: true, label: true };
