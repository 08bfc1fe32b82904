// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.Wrapper and its typed kinds: a view of one field path of a Record. Wrappers hold the
// record and the path, never a copy, so they see later changes and saves of the record.

let wstate;

class Wrapper {
  #w;

  static {
    wstate = (w) => w.#w;
    isWrapper = (v) => v !== null && typeof v === 'object' && #w in v;
  }

  constructor(token, w) {
    if (token !== CONSTRUCT) throw badRequest('sys.data.Wrapper: use record.field(path)');
    this.#w = w;
    $freeze(this);
  }

  /** `val()` reads the JS form; `val(value)` converts and stores it (a value that does not fit is kept for the save to report). */
  val(...args) {
    const w = this.#w;
    if (args.length === 0) {
      const stored = readStored(w);
      if (!w.projected) return toJs(w.fs, stored, w.whole);
      const out = [];
      for (let i = 0; i < stored.length; i++) out[i] = toJs(w.fs, stored[i], !!w.fs.multiple);
      return out;
    }
    const where = `field('${w.path}').val`;
    if (w.projected) throw badRequest(`${where}: '${w.path}' crosses a multi-valued field; add an index`);
    writeStored(w, fromJs(where, w.fs, args[0], w.whole, true));
  }
  isEmpty() {
    const w = this.#w;
    const stored = readStored(w);
    if (w.projected) return stored.length === 0;
    return isEmptyValue(w.fs, stored, w.whole);
  }
  isNotEmpty() {
    return !this.isEmpty();
  }
  equals(value) {
    const w = this.#w;
    const stored = readStored(w);
    if (!w.whole && !w.projected) return itemEquals(w.fs, stored, value);
    const other = isWrapper(value) ? value.val() : value;
    if (!$isArray(other) || !$isArray(stored) || other.length !== stored.length) return false;
    for (let i = 0; i < stored.length; i++) if (!itemEquals(w.fs, stored[i], other[i])) return false;
    return true;
  }
}

class RelationshipWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  id() {
    const v = readStored(wstate(this));
    return v === null ? null : own(v, 'id') || null;
  }
  label() {
    const v = readStored(wstate(this));
    return v === null ? null : own(v, 'label') || null;
  }
  fetch() {
    const w = wstate(this);
    const id = this.id();
    if (id === null) throw badRequest(`field('${w.path}').fetch: the relationship has no id yet`);
    return dataApi.findById(w.fs.entity, id);
  }
  fetchAndLock() {
    const w = wstate(this);
    const id = this.id();
    if (id === null) throw badRequest(`field('${w.path}').fetchAndLock: the relationship has no id yet`);
    return dataApi.findByIdAndLock(w.fs.entity, id);
  }
}

class ChoiceWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** Choices carry codes only, so the label is the code. */
  label() {
    return readStored(wstate(this));
  }
}

class GroupWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  name() {
    return readStored(wstate(this));
  }
  id() {
    const g = findGroup(readStored(wstate(this)));
    return g ? g.id : null;
  }
  label() {
    const g = findGroup(readStored(wstate(this)));
    return g ? g.label : null;
  }
}

class NestedWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  field(path) {
    const w = wstate(this);
    const where = `field('${w.path}').field`;
    const r = resolvePath(where, `'${w.path}'`, w.fs.fields || {}, path);
    const steps = $slice(w.steps);
    for (let i = 0; i < r.steps.length; i++) $push(steps, r.steps[i]);
    return makeWrapper(w.rec, steps, r, `${w.path}.${path}`, w.projected);
  }
  id() {
    const v = readStored(wstate(this));
    return own(v, 'id') === undefined ? null : v.id;
  }
}

/** The wrapper of `record.field(path)`. */
function wrapperAt(record, path) {
  const r = entityPath(stateOf(record).entity, path);
  return makeWrapper(record, r.steps, r, path, false);
}

function makeWrapper(rec, steps, resolved, path, parentProjected) {
  const projected = parentProjected || resolved.projected;
  const w = { rec, steps, fs: resolved.schema, path, projected, whole: resolved.many };
  if (resolved.many && !projected) return new ManyWrapper(CONSTRUCT, w);
  if (projected) return new Wrapper(CONSTRUCT, w);
  const Kind = WRAPPER_KINDS[w.fs.type] || Wrapper;
  return new Kind(CONSTRUCT, w);
}

const WRAPPER_KINDS = {
  __proto__: null,
  relationship: RelationshipWrapper,
  choice: ChoiceWrapper,
  group: GroupWrapper,
  nested: NestedWrapper,
};

/** Stored value at the wrapper's path (projections always give an array). */
function readStored(w) {
  const v = readSteps(stateOf(w.rec).fields, w.steps);
  if (w.projected) return $isArray(v) ? v : [];
  return v;
}

function writeStored(w, stored) {
  writeSteps(stateOf(w.rec).fields, w.steps, stored, () => ({}));
}
