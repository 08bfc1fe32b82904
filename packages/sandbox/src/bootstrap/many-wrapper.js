// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data.ManyWrapper: a multi-valued field; items are reached through element wrappers.

class ManyWrapper extends Wrapper {
  // biome-ignore lint/complexity/noUselessConstructor: a default one spreads through the patchable array iterator
  constructor(token, state) {
    super(token, state);
  }

  /** `add(value)` appends; `add(index, value)` inserts at index and shifts the rest. */
  add(...args) {
    const w = wstate(this);
    const list = storedList(w);
    let index = list.length;
    let v = args[0];
    if (args.length >= 2) {
      index = checkIndex(w, 'add', args[0], list.length);
      v = args[1];
    }
    $splice(list, index, 0, fromJs(`field('${w.path}').add`, w.fs, v, false, true));
  }
  remove(valueOrFn) {
    const w = wstate(this);
    const list = storedList(w);
    if (typeof valueOrFn === 'function') {
      const doomed = [];
      for (let i = 0; i < list.length; i++) if (valueOrFn(this.get(i))) $push(doomed, i);
      for (let i = doomed.length - 1; i >= 0; i--) $splice(list, doomed[i], 1);
      return;
    }
    for (let i = 0; i < list.length; i++) {
      if (itemEquals(w.fs, list[i], valueOrFn)) {
        $splice(list, i, 1);
        return;
      }
    }
  }
  removeAt(index) {
    const w = wstate(this);
    const list = storedList(w);
    $splice(list, checkIndex(w, 'removeAt', index, list.length - 1), 1);
  }
  removeAll() {
    const w = wstate(this);
    $splice(storedList(w), 0);
  }
  /** Calls `fn(elementWrapper, index)` per item; returning false stops. */
  each(fn) {
    const w = wstate(this);
    if (typeof fn !== 'function') throw badRequest(`field('${w.path}').each: fn must be a function`);
    const size = this.size();
    for (let i = 0; i < size; i++) if (fn(this.get(i), i) === false) return;
  }
  get(index) {
    const w = wstate(this);
    if (!$isInteger(index) || index < 0) {
      throw badRequest(`field('${w.path}').get: index must be an integer >= 0, got ${describe(index)}`);
    }
    const steps = $slice(w.steps);
    $push(steps, index);
    return makeWrapper(
      w.rec,
      steps,
      { schema: w.fs, many: false, projected: false },
      `${w.path}[${index}]`,
      false,
    );
  }
  first() {
    return this.size() === 0 ? null : this.get(0);
  }
  last() {
    const size = this.size();
    return size === 0 ? null : this.get(size - 1);
  }
  size() {
    const list = readStored(wstate(this));
    return $isArray(list) ? list.length : 0;
  }
  contains(value) {
    const w = wstate(this);
    const list = readStored(w);
    if (!$isArray(list)) return false;
    for (let i = 0; i < list.length; i++) if (itemEquals(w.fs, list[i], value)) return true;
    return false;
  }
}

/** The stored array, created empty when the field has no value yet. */
function storedList(w) {
  let list = readStored(w);
  if (!$isArray(list)) {
    list = [];
    writeStored(w, list);
  }
  return list;
}

function checkIndex(w, method, index, max) {
  if (!$isInteger(index) || index < 0 || index > max) {
    throw badRequest(
      `field('${w.path}').${method}: index must be an integer from 0 to ${max}, got ${describe(index)}`,
    );
  }
  return index;
}
