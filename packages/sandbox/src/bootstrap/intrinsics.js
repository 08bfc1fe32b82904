// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Builtins captured before any user code runs: later patches of globals or prototypes by the
// script cannot change how the bridge behaves.

// Intrinsics a synchronous script has no use for, gone before any user code runs: shared memory
// and Atomics (Atomics.waitAsync over a SharedArrayBuffer aborts the worker process; Atomics.wait
// blocks it), and WeakRef/FinalizationRegistry, whose callbacks would run after the run that made
// them, outside its limits (docs/architecture.md, "What a script can reach").
const REMOVED_GLOBALS = ['SharedArrayBuffer', 'Atomics', 'WeakRef', 'FinalizationRegistry'];
for (let i = 0; i < REMOVED_GLOBALS.length; i++) delete globalThis[REMOVED_GLOBALS[i]];

const $dispatch = $0;
const $log = $1;
const $schemaJson = $2;

const $Object = Object;
const $Array = Array;
const $String = String;
const $Number = Number;
const $Date = Date;
const $Error = Error;
const $Symbol = Symbol;
const $Map = Map;
const $JSON_parse = JSON.parse;
const $JSON_stringify = JSON.stringify;
const $apply = Reflect.apply;
const $freeze = Object.freeze;
const $isFrozen = Object.isFrozen;
const $keys = Object.keys;
const $create = Object.create;
const $defineProperty = Object.defineProperty;
const $getPrototypeOf = Object.getPrototypeOf;
const $getOwnPropertyNames = Object.getOwnPropertyNames;
const $isArray = Array.isArray;
const $isInteger = Number.isInteger;
const $isFinite = Number.isFinite;
const $floor = Math.floor;
const $globalThis = globalThis;
const $BigInt = BigInt;
const $round = Math.round;
const $parseInt = Number.parseInt;
const $fromCodePoint = String.fromCodePoint;
const $max = Math.max;
const $Function = Function;
const $construct = Reflect.construct;
const $now = Date.now;

/**
 * `fn` as a plain function taking its receiver first: `push(list, x)`. A function bound to the
 * original `call` keeps working when the script patches `Function.prototype.call` later, and
 * allocates no argument array per call (as a rest-args wrapper around Reflect.apply would).
 */
const uncurry = $apply(Function.prototype.bind, Function.prototype.bind, [Function.prototype.call]);

const $hasOwn = uncurry(Object.prototype.hasOwnProperty);
const $push = uncurry(Array.prototype.push);
const $slice = uncurry(Array.prototype.slice);
const $splice = uncurry(Array.prototype.splice);
/** The app libraries' functions `(exports, module)`, after the schema (none for most apps). */
// biome-ignore lint/complexity/noArguments: the wrapper's parameters after $2 have no names
const $libraryFactories = arguments.length > 3 ? $slice(arguments, 3) : [];
const $join = uncurry(Array.prototype.join);
const $split = uncurry(String.prototype.split);
const $indexOf = uncurry(String.prototype.indexOf);
const $strSlice = uncurry(String.prototype.slice);
const $replace = uncurry(String.prototype.replace);
const $trim = uncurry(String.prototype.trim);
const $test = uncurry(RegExp.prototype.test);
const $exec = uncurry(RegExp.prototype.exec);
const $getTime = uncurry(Date.prototype.getTime);
const $toISOString = uncurry(Date.prototype.toISOString);
const $mapGet = uncurry(Map.prototype.get);
const $mapSet = uncurry(Map.prototype.set);
const $mapHas = uncurry(Map.prototype.has);
const $mapDelete = uncurry(Map.prototype.delete);
const $mapSize = uncurry(Object.getOwnPropertyDescriptor(Map.prototype, 'size').get);
const $objectToString = uncurry(Object.prototype.toString);
const $numberToString = uncurry(Number.prototype.toString);
const $toFixed = uncurry(Number.prototype.toFixed);
const $DateTimeFormat = Intl.DateTimeFormat;
const $formatToParts = uncurry(Intl.DateTimeFormat.prototype.formatToParts);
const $trunc = Math.trunc;
const $abs = Math.abs;
const $codePointAt = uncurry(String.prototype.codePointAt);
const $toLowerCase = uncurry(String.prototype.toLowerCase);
const $charCodeAt = uncurry(String.prototype.charCodeAt);
const $padStart = uncurry(String.prototype.padStart);

/** The own value of `key`, never one inherited from a (possibly patched) prototype. */
const own = (obj, key) =>
  obj !== null && typeof obj === 'object' && $hasOwn(obj, key) ? obj[key] : undefined;

/**
 * A real Date (also from another realm). The brand pre-check keeps ordinary objects and arrays
 * from throwing a TypeError on every bridge call (a thrown error costs microseconds); `getTime`
 * then confirms the internal slot, so a fake `Symbol.toStringTag` cannot pass.
 */
const isDate = (v) => {
  if (v === null || typeof v !== 'object') return false;
  try {
    if ($isArray(v) || $objectToString(v) !== '[object Date]') return false;
    $getTime(v);
    return true;
  } catch {
    return false;
  }
};

/** A short, safe description of a value for error messages; never calls user code. */
function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return v.length > 60 ? `"${$strSlice(v, 0, 57)}..."` : `"${v}"`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return `${typeof v} ${$String(v)}`;
  if (typeof v === 'symbol') return 'symbol';
  if (typeof v === 'function') return 'function';
  if ($isArray(v)) return 'array';
  if (isDate(v)) return 'Date';
  return 'object';
}

/**
 * Every `sys` namespace: `members`, a `{ __proto__: null, … }` literal, frozen in place with its
 * functions. V8 makes such a literal a dictionary at once; a plain literal or a spread copy would
 * first build a hidden class per property, in every fresh context.
 */
const namespace = (members) => {
  if ($getPrototypeOf(members) !== null) throw new $Error('namespace: members need a null prototype');
  const keys = $keys(members);
  for (let i = 0; i < keys.length; i++) {
    if (typeof members[keys[i]] === 'function') $freeze(members[keys[i]]);
  }
  return $freeze(members);
};
