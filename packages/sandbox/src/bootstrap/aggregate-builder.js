// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.AggregateQuery: builds the aggregate map pipeline stage by stage
// (`q.group().by('type').accumulate('total').sum('amount')` → `{group: {by: 'type', total: 'sum(amount)'}}`).

let aggregateParts;
let isAggregateQuery;
const ACCUMULATORS = ['sum', 'avg', 'first', 'last', 'min', 'max'];

class AggregateQuery {
  #entity;
  #stages = [];

  static {
    isAggregateQuery = (v) => v !== null && typeof v === 'object' && #stages in v;
    aggregateParts = (q) => {
      const pipeline = [];
      for (let i = 0; i < q.#stages.length; i++) $push(pipeline, q.#stages[i]());
      return { entity: q.#entity, pipeline };
    };
  }

  constructor(entityName) {
    entitySchema('sys.data.AggregateQuery', entityName);
    this.#entity = entityName;
    $freeze(this);
  }

  match() {
    const filters = {};
    const stage = $freeze({
      field: (path) =>
        new QueryField(CONSTRUCT, this.#entity, path, (cond) => {
          const key = $keys(cond)[0];
          filters[key] = cond[key];
          return stage;
        }),
    });
    return this.#add(() => ({ match: cloneData(filters) }), stage);
  }
  group() {
    const by = [];
    const out = {};
    const stage = $freeze({
      by: (path) => {
        $push(by, text('group().by', 'path', path));
        return stage;
      },
      accumulate: (name) => {
        const key = text('group().accumulate', 'name', name);
        const acc = {
          count: () => {
            out[key] = 'count()';
            return stage;
          },
        };
        for (let i = 0; i < ACCUMULATORS.length; i++) {
          const fn = ACCUMULATORS[i];
          acc[fn] = (path) => {
            out[key] = `${fn}(${text(`accumulate().${fn}`, 'path', path)})`;
            return stage;
          };
        }
        return $freeze(acc);
      },
    });
    return this.#add(() => ({ group: { by: $join(by, ','), ...out } }), stage);
  }
  sort() {
    const out = {};
    const stage = $freeze({
      by: (path, direction) => {
        const dir = direction === undefined ? 'asc' : direction;
        if (dir !== 'asc' && dir !== 'desc') {
          throw badRequest(`sort().by: direction must be 'asc' or 'desc', got ${describe(direction)}`);
        }
        out[text('sort().by', 'path', path)] = dir;
        return stage;
      },
    });
    return this.#add(() => ({ sort: { ...out } }), stage);
  }
  project() {
    const fields = [];
    const stage = $freeze({
      field: (path) => {
        $push(fields, text('project().field', 'path', path));
        return stage;
      },
    });
    return this.#add(() => ({ project: $join(fields, ',') }), stage);
  }
  count() {
    let name = 'count';
    const stage = $freeze({
      counterName: (n) => {
        name = text('count().counterName', 'name', n);
        return stage;
      },
    });
    return this.#add(() => ({ count: name }), stage);
  }
  skip() {
    return this.#step('skip');
  }
  limit() {
    return this.#step('limit');
  }
  unwind() {
    const out = { fieldPath: null, includeEmpty: false };
    const stage = $freeze({
      path: (p) => {
        out.fieldPath = text('unwind().path', 'path', p);
        return stage;
      },
      includeEmpty: (b) => {
        out.includeEmpty = b === true;
        return stage;
      },
    });
    return this.#add(() => ({ unwind: { ...out } }), stage);
  }
  lookup() {
    const out = {};
    const set = (method, key) => (v) => {
      out[key] = text(`lookup().${method}`, 'value', v);
      return stage;
    };
    const stage = $freeze({
      localField: set('localField', 'localFieldPath'),
      foreignField: set('foreignField', 'foreignFieldPath'),
      foreignEntity: set('foreignEntity', 'foreignEntityName'),
      as: set('as', 'as'),
    });
    return this.#add(() => ({ lookup: { ...out } }), stage);
  }

  #step(kind) {
    let n = 0;
    const stage = $freeze({
      step: (v) => {
        n = count(`${kind}().step`, 'step', v);
        return stage;
      },
    });
    return this.#add(() => ({ [kind]: n }), stage);
  }
  #add(build, stage) {
    $push(this.#stages, build);
    return stage;
  }
}

function text(where, name, v) {
  if (typeof v !== 'string' || v === '')
    throw badRequest(`${where}: ${name} must be a non-empty string, got ${describe(v)}`);
  return v;
}
