// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// The `q` helper of `query(fn)` and its criteria: nested `_and`/`_or` arrays of maps, and
// `toString()` in the complex string syntax (`or(filter('type','equals(a)'),and(...))`).

class ComplexQueryCriteria {
  #map;
  #text;

  static {
    isCriteria = (v) => v !== null && typeof v === 'object' && #map in v;
    criteriaMap = (c) => c.#map;
  }

  constructor(token, map, text) {
    if (token !== CONSTRUCT) throw badRequest('ComplexQueryCriteria: use q.and, q.or or q.field');
    this.#map = map;
    this.#text = text;
    $freeze(this);
  }

  toString() {
    return this.#text;
  }
}

const quoteText = (s) => `'${$replace($replace(s, /\\/g, '\\\\'), /'/g, "\\'")}'`;

/** The `q` passed to `query(fn)`. */
function complexHelper(entity) {
  const leaf = (cond) => {
    const path = $keys(cond)[0];
    return new ComplexQueryCriteria(CONSTRUCT, cond, `filter(${quoteText(path)},${quoteText(cond[path])})`);
  };
  const combine =
    (kind) =>
    (...items) => {
      if (items.length === 0) throw badRequest(`q.${kind}: pass at least one criterion`);
      const maps = [];
      const texts = [];
      for (let i = 0; i < items.length; i++) {
        if (!isCriteria(items[i])) {
          throw badRequest(`q.${kind}: argument ${i + 1} must be a criterion, got ${describe(items[i])}`);
        }
        $push(maps, criteriaMap(items[i]));
        $push(texts, items[i].toString());
      }
      return new ComplexQueryCriteria(CONSTRUCT, { [`_${kind}`]: maps }, `${kind}(${$join(texts, ',')})`);
    };
  return $freeze({
    field: (path) => new QueryField(CONSTRUCT, entity, path, leaf),
    and: combine('and'),
    or: combine('or'),
  });
}
