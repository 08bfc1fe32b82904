// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.commons.ResultSet: a forward-only cursor that pages through the host (PAGE_SIZE rows per
// crossing) and opens only when first read.

const PAGE_SIZE = 200;
const MAX_TO_ARRAY = 1000;

class ResultSet {
  #open; // () => {cursor, items, more}: the first page
  #count; // () => number, or null: count through the open cursor
  #wrap; // row → element (Record or plain object)
  #cursor = null;
  #items = [];
  #pos = 0;
  #more = true;
  #started = false;
  #seen = 0;

  constructor(token, open, count, wrap) {
    if (token !== CONSTRUCT)
      throw badRequest('sys.commons.ResultSet: use sys.data.find or sys.data.aggregate');
    this.#open = open;
    this.#count = count;
    this.#wrap = wrap;
    $freeze(this);
  }

  hasNext() {
    if (!this.#started) {
      this.#started = true;
      this.#take(this.#open());
    }
    while (this.#pos >= this.#items.length && this.#more) {
      this.#take(call('data.cursorNext', [this.#cursor, PAGE_SIZE]));
    }
    return this.#pos < this.#items.length;
  }
  next() {
    if (!this.hasNext()) throw badRequest('ResultSet.next: there are no more elements');
    const row = this.#items[this.#pos];
    this.#items[this.#pos++] = null;
    return this.#wrap(row);
  }
  /** The next record, locked (released when the run ends or by unlock). */
  nextAndLock() {
    const r = this.next();
    if (!isRecord(r)) throw badRequest('ResultSet.nextAndLock: only record results can be locked');
    return dataApi.lock(r);
  }
  /** Every match, ignoring `_size`/`_offset` (aggregates: every row of the pipeline). */
  count() {
    if (this.#count !== null) return this.#count();
    this.hasNext();
    return this.#more ? call('data.cursorCount', [this.#cursor]) : this.#seen;
  }
  /** The remaining elements; systemException above 1,000. */
  toArray() {
    const out = [];
    while (this.hasNext()) {
      if (out.length === MAX_TO_ARRAY) {
        this.close();
        throw fail(
          'systemException',
          `ResultSet.toArray: more than ${MAX_TO_ARRAY} elements; iterate instead`,
        );
      }
      $push(out, this.next());
    }
    return out;
  }
  close() {
    this.#started = true;
    if (this.#cursor !== null && this.#more) call('data.cursorClose', [this.#cursor]);
    this.#more = false;
    this.#items = [];
    this.#pos = 0;
  }

  #take(page) {
    const cursor = own(page, 'cursor');
    if (typeof cursor === 'string') this.#cursor = cursor;
    const items = own(page, 'items');
    this.#items = $isArray(items) ? items : [];
    this.#seen += this.#items.length;
    this.#pos = 0;
    this.#more = own(page, 'more') === true && this.#cursor !== null;
  }
}
