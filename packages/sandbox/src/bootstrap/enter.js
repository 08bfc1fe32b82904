// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Publishes `sys` and `log`, built on first use, and defines enter(runJson, userFn): the host's only
// way in. enter runs the user function and always answers a JSON string, never a thrown value.

/** The run's context entity (default of createRecord()); set by enter(). */
let contextEntity = null;

/**
 * Characters of save arguments one batch may hold while the run's body runs; 0 when saves are not
 * deferred (the run's `saveBatch`, see save-queue.js).
 */
let saveBatchChars = 0;

/** Stops deferring saves and sends those still queued: the body has ended, one way or another. */
function endSaves() {
  saveBatchChars = 0;
  if (api !== null) api.flushSaves();
}

/** build()'s API once a run has used `sys` or `log` (or passed records); null before. */
let api = null;
function built() {
  if (api === null) api = build();
  return api;
}

// Building sys is most of a fresh context's setup, and many runs never touch it. The accessors
// have no setter and are not configurable: as unreplaceable as read-only values.
$defineProperty($globalThis, 'sys', {
  __proto__: null,
  get: $freeze(() => built().sys),
  enumerable: false,
  configurable: false,
});
$defineProperty($globalThis, 'log', {
  __proto__: null,
  get: $freeze(() => built().log),
  enumerable: false,
  configurable: false,
});

// `app` exists only for apps with libraries; its libraries run on their first use.
if ($libraryFactories.length > 0) {
  $defineProperty($globalThis, 'app', {
    __proto__: null,
    get: $freeze(() => built().app),
    enumerable: false,
    configurable: false,
  });
}

/** Records and wrappers exist only once sys is built, which the script may do at any point. */
const lateReplacer = (key, value) => (api === null ? value : api.resultReplacer(key, value));

const UNDESCRIBABLE =
  '{"ok":false,"code":"javascriptException","message":"The script threw a value that cannot be described","stack":"","line":null,"column":null}';

/** Runs `userFn` with the run's arguments; answers `{ok, value}` or `{ok: false, code, message, ...}`. */
function enter(runJson, userFn) {
  try {
    const run = $JSON_parse(runJson);
    const entity = own(run, 'entity');
    contextEntity = typeof entity === 'string' ? entity : null;
    const batch = own(run, 'saveBatch');
    saveBatchChars = $isInteger(batch) && batch > 0 ? batch : 0;
    const args = own(run, 'args');
    const values = [];
    if ($isArray(args)) {
      for (let i = 0; i < args.length; i++) {
        const value = own(args[i], 'value');
        values[i] =
          own(args[i], 'kind') === 'record'
            ? built().recordFromWire(value)
            : value === undefined
              ? null
              : value;
      }
    }
    if (typeof userFn !== 'function')
      throw built().badRequest('enter: the script did not compile to a function');
    const result = $apply(userFn, undefined, values);
    endSaves();
    const json = $JSON_stringify(result, lateReplacer);
    const value = json === undefined ? 'null' : json;
    const names = own(run, 'returnRecords');
    if (!$isArray(names)) return `{"ok":true,"value":${value}}`;
    return `{"ok":true,"value":${value},"records":${$JSON_stringify(built().recordsOut(args, values, names))}}`;
  } catch (e) {
    try {
      // A queued save that fails makes the host run the script again, and its error wins there.
      endSaves();
    } catch {}
    try {
      return built().failureJson(e);
    } catch {
      return UNDESCRIBABLE;
    }
  }
}
