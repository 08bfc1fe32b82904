/**
 * The escape corpus (reference sandbox.md §4.3), one named payload per row. Every payload runs
 * after PRELUDE and ends with `return verdict()`: 'no' unless something host-like was reached,
 * in which case PRELUDE's `pwn` has already tried to write files, the environment and a global.
 */

/** Helpers every payload shares. `PROBE` and `MARKER` arrive as run params. */
export const PRELUDE = `
var found = [];
function hostish(v) {
  try {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return false;
    return !!(v.versions && v.versions.node) || typeof v.binding === 'function' || !!v.mainModule ||
      typeof v.dlopen === 'function' || typeof v.getBuiltinModule === 'function';
  } catch (e) { return false; }
}
function pwn(v, how) {
  if (!hostish(v)) return;
  found.push(how);
  try { v.env.WARDEN_SECURITY_MARKER = 'pwned'; } catch (e) {}
  try { var fs = v.mainModule.require('fs'); fs.writeFileSync(PROBE, how); fs.writeFileSync(MARKER, 'pwned'); } catch (e) {}
  try { var bfs = v.getBuiltinModule('fs'); bfs.writeFileSync(PROBE, how); bfs.writeFileSync(MARKER, 'pwned'); } catch (e) {}
}
var GRAB = 'return typeof process !== "undefined" ? process : (typeof require === "function" ? require("process") : this)';
/** Every constructor walk from v: v.constructor.constructor, via prototypes, via __proto__. */
function walk(v, how) {
  if (v === null || v === undefined) return;
  var tries = [
    function () { return v.constructor.constructor(GRAB)(); },
    function () { return Object.getPrototypeOf(v).constructor.constructor(GRAB)(); },
    function () { return v.__proto__.__proto__.constructor.constructor(GRAB)(); },
    function () { return v.constructor.constructor('return this')(); },
    function () { return Reflect.construct(v.constructor.constructor, [GRAB])(); },
  ];
  for (var i = 0; i < tries.length; i++) {
    try { pwn(tries[i](), how + '#' + i); } catch (e) { if (e && e !== v) walkError(e, how + '#' + i); }
  }
}
/** A caught error is a value too: walk it once, without recursing forever. */
function walkError(e, how) {
  try { pwn(e.constructor.constructor(GRAB)(), how + ' error'); } catch (x) {}
}
/** Calls f; walks whatever it returns or throws. */
function probe(how, f) {
  try { var v = f(); pwn(v, how); walk(v, how); } catch (e) { walk(e, how + ' thrown'); }
}
function verdict() { return found.length ? 'ESCAPED: ' + found.join(', ') : 'no'; }
function company(name) {
  var c = sys.data.createRecord('companies'); c.field('name').val(name); sys.data.save(c); return c;
}
`;

/** One payload: its script (after PRELUDE) and what else may end it besides a plain 'no'. */
export interface Payload {
  family: string;
  name: string;
  source: string;
  /** When set, the run must fail with exactly this code (a DoS-shaped payload). */
  code?: string;
  /** A script run just before, on the same runtime (cross-run leakage). */
  setup?: string;
  /** The payload returns its own value: anything but an 'ESCAPED' verdict is contained. */
  free?: boolean;
  limits?: Record<string, number>;
}

const p = (family: string, name: string, source: string, extra: Partial<Payload> = {}): Payload => ({
  family,
  name,
  source: `${source}\nreturn verdict();`,
  ...extra,
});

export const PAYLOADS: Payload[] = [
  // 1. Function constructors of every kind.
  p(
    'constructors',
    'this.constructor.constructor',
    `probe('this', function () { return this.constructor.constructor(GRAB)(); });`,
  ),
  p('constructors', 'Function(...)', `probe('Function', function () { return Function(GRAB)(); });`),
  p('constructors', 'globalThis.constructor.constructor', `walk(globalThis, 'globalThis');`),
  p(
    'constructors',
    'AsyncFunction',
    `
    var AF = (async function () {}).constructor; var got;
    AF(GRAB)().then(function (v) { got = v; });
    probe('AsyncFunction', function () { return AF('return 1').constructor.constructor(GRAB)(); });`,
  ),
  p(
    'constructors',
    'GeneratorFunction',
    `
    var GF = (function* () {}).constructor;
    probe('GeneratorFunction', function () { return GF(GRAB)().next().value; });`,
  ),
  p(
    'constructors',
    'AsyncGeneratorFunction',
    `
    var AGF = (async function* () {}).constructor;
    probe('AsyncGeneratorFunction', function () { return AGF(GRAB)().constructor.constructor(GRAB)(); });`,
  ),
  p(
    'constructors',
    'Reflect.construct(Function)',
    `probe('Reflect', function () { return Reflect.construct(Function, [GRAB])(); });`,
  ),
  p(
    'constructors',
    'arguments.callee.caller chain',
    `
    var f = arguments.callee, seen = 0;
    try { while (f && seen < 20) { walk(f, 'caller' + seen); f = f.caller; seen++; } } catch (e) {}
    function inner() { try { return inner.caller && inner.caller.caller; } catch (e) { return null; } }
    walk(inner(), 'inner.caller.caller');`,
  ),
  // 2. Walks from every bridged value.
  p(
    'bridge values',
    'every function of every sys namespace',
    `
    ['data', 'users', 'context', 'logs', 'exceptions', 'commons'].forEach(function (ns) {
      walk(sys[ns], 'sys.' + ns);
      Object.getOwnPropertyNames(sys[ns]).forEach(function (k) { walk(sys[ns][k], 'sys.' + ns + '.' + k); });
    });
    walk(sys, 'sys'); walk(log, 'log');`,
  ),
  p(
    'bridge values',
    'records, wrappers, result sets, queries',
    `
    var c = company('walk-1');
    [c, c.field('name'), c.field('addresses'), c.field('owner'), c.field('since'), c.copy(), c.toJson(),
     sys.data.find('companies', {}), sys.data.findOne('companies', {}), sys.data.createQuery('companies'),
     sys.data.createAggregateQuery('companies'), sys.data.aggregate('companies', [{ count: { counterName: 'n' } }]),
     sys.data.find('companies', {}).toArray()].forEach(function (v, i) { walk(v, 'value' + i); });`,
  ),
  p(
    'bridge values',
    'errors of failing sys calls and their details',
    `
    [function () { sys.data.findById('nope', 'x'); },
     function () { sys.data.save(sys.data.createRecord('companies')); },
     function () { sys.data.find('companies', { _sortField: 'nope' }).toArray(); },
     function () { sys.users.activate({}); },
     function () { sys.exceptions.throwException('badRequest', 'x'); }].forEach(function (f, i) {
      try { f(); } catch (e) {
        walk(e, 'error' + i);
        try { walk(sys.exceptions.getAdditionalInfo(e), 'info' + i); } catch (x) {}
        try { walk(e.getAdditionalInfo(), 'info2-' + i); } catch (x) {}
      }
    });`,
  ),
  p(
    'bridge values',
    'users and context records',
    `
    var u = sys.data.createRecord('sys.users');
    u.field('firstName').val('Walk'); u.field('lastName').val('Er'); u.field('email').val('walk-' + Math.random() + '@x.io');
    sys.data.save(u);
    walk(u, 'user'); walk(sys.users.getPrimaryGroup(u), 'group'); walk(sys.users.resetPassword(u), 'reset');
    sys.context.setCurrentUserRecord(u); walk(sys.context.getCurrentUser(), 'current');`,
  ),
  // 3. Error.prepareStackTrace and the frames it sees.
  p(
    'prepareStackTrace',
    'frames of a failing sys call (sync)',
    `
    Error.prepareStackTrace = function (e, frames) {
      frames.forEach(function (f, i) {
        try { walk(f.getThis(), 'this' + i); } catch (x) {}
        try { walk(f.getFunction(), 'fn' + i); } catch (x) {}
        walk(f, 'frame' + i);
      });
      walk(frames, 'frames');
      return 'custom';
    };
    try { sys.data.findById('nope', 'x'); } catch (e) { String(e.stack); }
    try { sys.data.save(sys.data.createRecord('companies')); } catch (e) { String(e.stack); }
    try { null.x; } catch (e) { String(e.stack); }`,
  ),
  p(
    'prepareStackTrace',
    'frames of an async failure and an unhandled rejection',
    `
    Error.prepareStackTrace = function (e, frames) {
      frames.forEach(function (f, i) { try { walk(f.getThis(), 'a' + i); walk(f.getFunction(), 'af' + i); } catch (x) {} });
      return 'x';
    };
    Promise.resolve().then(function () { sys.data.findById('nope', 'x'); }).catch(function (e) { walk(e, 'then'); String(e.stack); });
    (async function () { await null; sys.data.count('nope', {}); })().catch(function (e) { walk(e, 'async'); String(e.stack); });
    Promise.reject(new Error('handled')).catch(function (e) { String(e.stack); });`,
  ),
  p(
    'prepareStackTrace',
    'a throwing prepareStackTrace on the way out',
    `
    Error.prepareStackTrace = function () { throw new Proxy({}, { get: function () { throw 1; } }); };
    Error.stackTraceLimit = Infinity;
    try { sys.data.findById('nope', 'x'); } catch (e) { walk(e, 'e'); }`,
  ),
  p(
    'prepareStackTrace',
    'a prepareStackTrace that grabs the bootstrap frames',
    `
    var grabbed = [];
    Error.prepareStackTrace = function (e, frames) { grabbed = frames; return ''; };
    var r = sys.data.createRecord('companies');
    var bait = { get name() { new Error().stack; return 'bait'; } };
    try { r.fromJson(bait); sys.data.save(r); } catch (e) {}
    try { sys.data.find('companies', bait).toArray(); } catch (e) {}
    try { log({ toString: function () { new Error().stack; return 's'; } }); } catch (e) {}
    grabbed.forEach(function (f, i) {
      try { var fn = f.getFunction(); if (typeof fn === 'function') { walk(fn, 'g' + i); try { pwn(fn('data.findById', '["x","y"]'), 'called'); } catch (x) {} } } catch (x) {}
    });`,
  ),
  // 4. The stack edge.
  p(
    'stack edge',
    'sys calls at the recursion limit',
    `
    var errors = [];
    function deep(n) { try { return deep(n + 1); } catch (e) {
      try { sys.data.count('companies', {}); } catch (x) { errors.push(x); }
      try { log('edge'); } catch (x) { errors.push(x); }
      errors.push(e); return n; } }
    deep(0);
    errors.forEach(function (e, i) { walk(e, 'edge' + i); });`,
  ),
  p(
    'stack edge',
    'RangeError from a bridge call with a huge argument',
    `
    var a = []; for (var i = 0; i < 1e5; i++) a = [a];
    try { sys.data.find('companies', { name: a }); } catch (e) { walk(e, 'deep arg'); }`,
  ),
  // 5. Proxies.
  p(
    'proxies',
    'a Proxy query with get/ownKeys/getPrototypeOf traps',
    `
    var traps = { get: function (t, k) { return k === 'name' ? 'x' : undefined; },
      ownKeys: function () { return ['name', '__proto__']; },
      getOwnPropertyDescriptor: function () { return { value: 'x', enumerable: true, configurable: true }; },
      getPrototypeOf: function () { return Object.prototype; } };
    probe('proxy query', function () { return sys.data.find('companies', new Proxy({}, traps)).toArray(); });
    probe('proxy count', function () { return sys.data.count('companies', new Proxy({}, traps)); });`,
  ),
  p(
    'proxies',
    'a Proxy record and a Proxy in fromJson',
    `
    var c = sys.data.createRecord('companies');
    probe('fromJson proxy', function () { return c.fromJson(new Proxy({ name: 'p' }, { ownKeys: function () { return ['name', 'constructor']; },
      getOwnPropertyDescriptor: function (t, k) { return { value: k === 'name' ? 'p' : { prototype: { polluted: 1 } }, enumerable: true, configurable: true }; } })); });
    probe('save proxy', function () { return sys.data.save(new Proxy(c, {})); });
    probe('val proxy', function () { c.field('name').val(new Proxy({}, {})); return sys.data.save(c); });`,
  ),
  p(
    'proxies',
    'throw a Proxy whose getPrototypeOf recurses',
    `
    var pr = new Proxy({}, { getPrototypeOf: function f() { return Object.getPrototypeOf(pr); } });
    throw pr;`,
  ),
  p(
    'proxies',
    'catch ({constructor}) destructuring from a sys failure',
    `
    try { sys.data.findById('nope', 'x'); } catch ({ constructor: c, stack: s }) { walk(c, 'destructured'); walk(s, 'stack'); }
    try { sys.data.save(null); } catch ({ constructor: { constructor: F } }) { try { pwn(F(GRAB)(), 'F'); } catch (e) {} }`,
  ),
  // 6. Species.
  p(
    'species',
    'Array species patched before sys calls with arrays',
    `
    class Evil extends Array { constructor(n) { super(n); walk(this, 'species'); } }
    Object.defineProperty(Array, Symbol.species, { get: function () { return Evil; } });
    Array.prototype.constructor = Evil;
    company('species-1');
    probe('find', function () { return sys.data.find('companies', {}).toArray().map(function (x) { return x; }).slice(0); });
    probe('aggregate', function () { return sys.data.aggregate('companies', [{ match: { name: 'species-1' } }]).toArray(); });
    var c = sys.data.createRecord('companies'); c.field('name').val('species-2');
    c.field('addresses').val([{ state: 'a' }]); probe('nested', function () { return sys.data.save(c); });`,
  ),
  p(
    'species',
    'Promise species on then and finally',
    `
    function Fake(exec) { exec(function (v) { walk(v, 'resolve'); }, function (e) { walk(e, 'reject'); }); }
    Fake[Symbol.species] = Fake;
    var pr = Promise.reject(new Error('x')); pr.constructor = { [Symbol.species]: Fake };
    try { pr.then(function () {}, function (e) { walk(e, 'then'); }); } catch (e) {}
    var ok = Promise.resolve(1); ok.constructor = { [Symbol.species]: Fake };
    try { ok.finally(function () { sys.data.count('companies', {}); }); } catch (e) {}
    Object.defineProperty(Promise, Symbol.species, { get: function () { return Fake; } });
    (async function () { try { sys.data.findById('nope', 'x'); } catch (e) { walk(e, 'async'); } })();`,
  ),
  // 7. Builtins tampered before bridge calls: the bridge keeps working or fails cleanly.
  p(
    'tampered builtins',
    'JSON.parse and JSON.stringify replaced',
    `
    JSON.parse = function () { return { ok: true, value: { fake: true } }; };
    JSON.stringify = function () { return '["companies", {"__proto__": {"polluted": 1}}]'; };
    var c = company('json-tamper');
    if (c.id() === null) found.push('save did not save');
    if (sys.data.count('companies', { name: 'json-tamper' }) !== 1) found.push('count lied');`,
  ),
  p(
    'tampered builtins',
    'Object.prototype.toJSON and Array.prototype.push replaced',
    `
    Object.prototype.toJSON = function () { return { polluted: true }; };
    Array.prototype.push = function () { throw new Error('push'); };
    Array.prototype.toJSON = function () { return '__proto__'; };
    var c = company('tojson-tamper');
    var back = sys.data.findById('companies', c.id());
    if (!back || back.field('name').val() !== 'tojson-tamper') found = ['roundtrip broke'];
    delete Object.prototype.toJSON; delete Array.prototype.toJSON;`,
  ),
  p(
    'tampered builtins',
    'Object.defineProperty, Function.prototype.call/apply and Reflect replaced',
    `
    Object.defineProperty = function () { throw new Error('dp'); };
    Function.prototype.call = function () { throw new Error('call'); };
    Function.prototype.apply = function () { throw new Error('apply'); };
    Reflect.apply = function () { throw new Error('reflect'); };
    Object.keys = function () { return ['__proto__']; };
    var c = sys.data.createRecord('companies'); c.field('name').val('fn-tamper'); sys.data.save(c);
    if (sys.data.count('companies', { name: 'fn-tamper' }) !== 1) found.push('write lost');`,
  ),
  p(
    'tampered builtins',
    'forged envelope fields on Object.prototype',
    `
    Object.defineProperty(Object.prototype, 'code', { get: function () { return 'forged'; }, configurable: true });
    Object.prototype.ok = true; Object.prototype.value = { entity: 'companies', id: 'forged', version: 1, fields: {} };
    var err = null;
    try { sys.data.findById('nope', 'x'); } catch (e) { err = sys.exceptions.getCode(e); }
    if (err !== 'notFound' && err !== 'badRequest') found.push('forged envelope: ' + err);
    if (sys.data.findById('companies', '00000000-0000-0000-0000-000000000000') !== null) found.push('forged value');
    delete Object.prototype.ok; delete Object.prototype.value; delete Object.prototype.code;`,
  ),
  p(
    'tampered builtins',
    'String and RegExp prototypes replaced before errors are built',
    `
    var indexOf = String.prototype.indexOf, code = null;
    String.prototype.split = function () { return ['    at evil (/etc/passwd:1:1)']; };
    RegExp.prototype.exec = function () { return null; };
    RegExp.prototype.test = function () { return true; };
    try { sys.data.findById('nope', 'x'); } catch (e) { walk(e, 're'); code = e.code(); if (indexOf.call(String(e.stack), 'passwd') >= 0) found.push('stack forged'); }
    if (code !== 'badRequest' && code !== 'notFound') found.push('code ' + code);`,
  ),
  p(
    'tampered builtins',
    'Symbol.split and Symbol.replace hooks on String and RegExp',
    `
    String.prototype[Symbol.split] = function () { return ['__proto__', 'polluted']; };
    RegExp.prototype[Symbol.replace] = function () { return "') or filter('name','x"; };
    RegExp.prototype[Symbol.split] = function () { return ['constructor', 'prototype']; };
    try { var c = sys.data.createRecord('companies'); c.field('name').val('sym'); sys.data.save(c); } catch (e) { walk(e, 'split'); }
    try { sys.data.find(sys.data.createQuery('companies').query(function (q) { return q.field('name').equals("a'b"); })).toArray(); } catch (e) { walk(e, 'replace'); }
    try { c.toJson({ fields: 'name,addresses.state' }); } catch (e) {}
    delete String.prototype[Symbol.split]; delete RegExp.prototype[Symbol.replace]; delete RegExp.prototype[Symbol.split];
    if (sys.data.count('companies', { name: 'sym' }) > 1) found.push('duplicate');`,
  ),
  // 8. Prototype pollution through every write and filter path.
  p(
    'pollution',
    '__proto__ in fromJson, val and nested values',
    `
    var c = sys.data.createRecord('companies');
    try { c.fromJson(JSON.parse('{"name":"pp1","__proto__":{"polluted":true}}')); sys.data.save(c); } catch (e) {}
    try { c.field('addresses').val(JSON.parse('[{"state":"x","__proto__":{"polluted":1}}]')); sys.data.save(c); } catch (e) {}
    try { var d = sys.data.createRecord('companies'); d.fromJson(JSON.parse('{"name":"pp2","addresses":[{"constructor":{"prototype":{"polluted":1}}}]}')); sys.data.save(d); } catch (e) {}
    if (({}).polluted !== undefined) found.push('isolate polluted by bootstrap');`,
  ),
  p(
    'pollution',
    '__proto__ and constructor.prototype in query maps',
    `
    var qs = ['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"name":{"__proto__":{"polluted":1}}}',
      '{"_or":[{"__proto__":{"polluted":1}}]}', '{"_and":[{"constructor":{"prototype":{"isAdmin":true}}}]}',
      '{"__proto__.polluted":"1"}', '{"name.__proto__.polluted":"1"}', '{"_sortField":"__proto__"}', '{"_fields":"__proto__,constructor"}'];
    qs.forEach(function (q) {
      ['find', 'count', 'findOne', 'delete'].forEach(function (fn) {
        try { var r = sys.data[fn]('companies', JSON.parse(q)); if (r && r.toArray) r.toArray(); } catch (e) {}
      });
    });`,
  ),
  p(
    'pollution',
    '__proto__ in aggregate pipelines, users options and context',
    `
    var pipes = ['[{"__proto__":{"polluted":1}}]', '[{"match":{"__proto__":{"polluted":1}}}]',
      '[{"group":{"by":"name","__proto__":{"sum":"x"}}}]', '[{"project":"constructor.prototype"}]',
      '[{"group":{"by":"name","constructor":{"prototype":{"polluted":1}}}}]'];
    pipes.forEach(function (p) { try { sys.data.aggregate('companies', JSON.parse(p)).toArray(); } catch (e) {} });
    var u = sys.data.createRecord('sys.users');
    u.field('firstName').val('P'); u.field('lastName').val('P'); u.field('email').val('pp-' + Math.random() + '@x.io'); sys.data.save(u);
    try { sys.users.resetPassword(u, JSON.parse('{"__proto__":{"notifyUser":true}}')); } catch (e) {}
    try { sys.users.updatePassword(u, JSON.parse('{"newPassword":"Abcdef-12345!","__proto__":{"polluted":1}}')); } catch (e) {}
    try { sys.data.save(u, JSON.parse('{"__proto__":{"mode":"lite"}}')); } catch (e) {}
    try { sys.context.setCurrentUserRecordByEmail('__proto__'); } catch (e) {}
    try { sys.users.getEndpointConfiguration(u, '__proto__'); } catch (e) {}
    try { sys.users.addGroup(u, '__proto__'); } catch (e) {}
    try { sys.users.addIdentityProvider(u.id(), '__proto__', 'constructor'); } catch (e) {}`,
  ),
  p(
    'pollution',
    'field paths naming __proto__ and constructor',
    `
    var c = sys.data.createRecord('companies');
    ['__proto__', 'constructor', 'prototype', '__proto__.polluted', 'addresses.__proto__', 'constructor.prototype.polluted'].forEach(function (f) {
      try { c.field(f).val({ polluted: 1 }); } catch (e) {}
      try { sys.data.createQuery('companies').field(f).equals('1'); } catch (e) {}
      try { sys.data.find(sys.data.createQuery('companies').sortBy(f)).toArray(); } catch (e) {}
    });`,
  ),
  // 9. Getters and traps in arguments.
  p(
    'getters',
    'a getter in a query that throws',
    `
    var q = {}; Object.defineProperty(q, 'name', { enumerable: true, get: function () { throw new Error('getter'); } });
    probe('throwing getter', function () { return sys.data.find('companies', q).toArray(); });`,
  ),
  p(
    'getters',
    'a getter that answers differently on each read (TOCTOU)',
    `
    var n = 0, q = {};
    Object.defineProperty(q, 'name', { enumerable: true, get: function () { return n++ === 0 ? 'x' : { __proto__: null, polluted: 1 }; } });
    probe('toctou query', function () { return sys.data.count('companies', q); });
    var v = { get state() { return n++ % 2 ? 'ok' : { constructor: { prototype: { polluted: 1 } } }; } };
    var c = sys.data.createRecord('companies'); c.field('name').val('toctou-' + Math.random());
    probe('toctou nested', function () { c.field('addresses').val([v]); return sys.data.save(c); });
    probe('toctou id', function () { var k = 0; return sys.data.findById('companies', { toString: function () { return k++ ? '__proto__' : 'x'; } }); });`,
  ),
  p(
    'getters',
    'a getter in a query that never returns',
    `
    var q = {}; Object.defineProperty(q, 'name', { enumerable: true, get: function () { for (;;) {} } });
    sys.data.find('companies', q).toArray();`,
    { code: 'timeout', limits: { wallMs: 800 } },
  ),
  // 10. Values handed to logging and the return path.
  p(
    'toPrimitive',
    'inspect.custom, toString, valueOf and Symbol.toPrimitive in log arguments',
    `
    var evil = { toString: function () { walk(this, 'toString'); return 'ts'; }, valueOf: function () { return 1; } };
    evil[Symbol.for('nodejs.util.inspect.custom')] = function (d, o, inspect) { pwn(inspect, 'inspect'); walk(inspect, 'inspect'); return 'x'; };
    evil[Symbol.toPrimitive] = function () { walk(arguments, 'toPrimitive'); return 'tp'; };
    log(evil); sys.logs.info(evil); sys.logs.error('%o', evil, new Proxy({}, {}));
    log(Object.create(null)); log(Symbol('s')); log(10n); log(function () {});
    try { sys.logs.warn({ get x() { throw new Error('g'); } }); } catch (e) {}`,
  ),
  p(
    'toPrimitive',
    'a return value with toJSON, inspect.custom and a Proxy',
    `
    var ret = { a: 1, toJSON: function () { walk(this, 'toJSON'); return { b: new Proxy({}, {}) }; } };
    ret[Symbol.for('nodejs.util.inspect.custom')] = function (d, o, inspect) { pwn(inspect, 'ret inspect'); };
    if (found.length) return verdict();
    return ret;`,
    { free: true },
  ),
  p(
    'toPrimitive',
    'a thrown object whose toString never returns',
    `
    throw { toString: function () { for (;;) {} }, message: { toString: function () { for (;;) {} } } };`,
    { limits: { wallMs: 800 } },
  ),
  p(
    'toPrimitive',
    'a thrown Error subclass with a hostile name and stack',
    `
    var e = new TypeError('x'); Object.defineProperty(e, 'name', { get: function () { walk(this, 'name'); return '/etc/passwd SELECT *'; } });
    Object.defineProperty(e, 'stack', { get: function () { return '    at /work/main/node_modules/x.js:1:1'; } });
    throw e;`,
  ),
  // 11. Leak hunting.
  p(
    'leak hunting',
    'globalThis names and the shape of sys',
    `
    var bad = /^(ivm|\\$\\d|__host|Reference|ExternalCopy|Isolate|Context|require|process|module|exports|Buffer|global)$/;
    Object.getOwnPropertyNames(globalThis).forEach(function (k) { if (bad.test(k)) found.push('global ' + k); });
    for (var k in globalThis) if (bad.test(k)) found.push('enumerable ' + k);
    if (!Object.isFrozen(sys)) found.push('sys not frozen');
    var d = Object.getOwnPropertyDescriptor(globalThis, 'sys');
    if (d.configurable || d.writable) found.push('sys replaceable');
    ['data', 'users', 'context', 'logs', 'exceptions'].forEach(function (ns) {
      if (!Object.isFrozen(sys[ns])) found.push(ns + ' not frozen');
      if (Object.getPrototypeOf(sys[ns]) !== null) found.push(ns + ' has a prototype');
      Object.getOwnPropertyNames(sys[ns]).forEach(function (k) { if (typeof sys[ns][k] === 'function' && !Object.isFrozen(sys[ns][k])) found.push(ns + '.' + k); });
    });
    try { sys.data.find = function () {}; } catch (e) {}
    try { delete globalThis.sys; } catch (e) {}
    if (typeof sys.data.find !== 'function' || typeof sys === 'undefined') found.push('sys changed');
    ['$0', '$1', '$2', '$dispatch', 'call', 'enter', 'encode'].forEach(function (k) { try { if (eval('typeof ' + k) !== 'undefined') found.push('reachable ' + k); } catch (e) {} });`,
  ),
  p(
    'leak hunting',
    'closures of sys functions and their source text',
    `
    Object.getOwnPropertyNames(sys.data).forEach(function (k) {
      var src = Function.prototype.toString.call(sys.data[k]);
      if (/\\/work\\/|node_modules/.test(src)) found.push('path in source of ' + k);
    });
    probe('bound', function () { return sys.data.findById.bind(null)('companies', 'x'); });
    try { sys.data.findById.call({ __proto__: null }, 'companies', 'x'); } catch (e) { walk(e, 'call'); }`,
  ),
  // 12. Dynamic code.
  p(
    'dynamic code',
    'import(), eval and new Function',
    `
    var got = []; import('fs').then(function (m) { got.push(m); pwn(m, 'import'); }, function () {});
    import('node:child_process').then(function (m) { pwn(m, 'import cp'); }, function () {});
    probe('eval', function () { return eval('typeof process === "undefined" ? null : process'); });
    probe('indirect eval', function () { return (0, eval)('this.process'); });
    probe('new Function this', function () { return new Function('return this')(); });
    probe('sourceURL', function () { return Function('//# sourceURL=node:internal/x\\n' + GRAB)(); });`,
  ),
  p(
    'dynamic code',
    'WebAssembly compile and run',
    `
    var bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,42,11]);
    var inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    if (inst.exports.f() !== 42) found.push('wasm broken');
    walk(inst, 'wasm'); walk(WebAssembly, 'WebAssembly');
    try { WebAssembly.compileStreaming && WebAssembly.compileStreaming({ [Symbol.for('nodejs.util.inspect.custom')]: function (d, o, i) { pwn(i, 'wasm inspect'); } }); } catch (e) { walk(e, 'stream'); }`,
  ),
  p(
    'dynamic code',
    'a script that breaks out of its function wrapper',
    `
    }); var leaked = typeof process + typeof require; (function () {
    return leaked === 'undefinedundefined' ? 'no' : 'ESCAPED: ' + leaked;`,
  ),
  p(
    'dynamic code',
    'SharedArrayBuffer and Atomics',
    `
    if (typeof SharedArrayBuffer === 'function') {
      var sab = new SharedArrayBuffer(16); var ia = new Int32Array(sab);
      try { Atomics.wait(ia, 0, 0, 10); } catch (e) { walk(e, 'atomics'); }
      walk(sab, 'sab');
    }`,
  ),
  // 14. Errors as side channels.
  p(
    'side channels',
    'failing calls expose no paths, SQL or other data',
    `
    var msgs = [];
    [function () { sys.data.findById('companies', "x' OR 1=1 --"); },
     function () { sys.data.find('companies', { name: "'; DROP TABLE rec_companies; --" }).toArray(); },
     function () { sys.data.find('companies', { _sortField: 'name; SELECT' }).toArray(); },
     function () { sys.data.aggregate('companies', [{ group: { by: 'x)) --' } }]).toArray(); },
     function () { sys.data.find('companies', { _query: "or(filter('name','\\\\x'),)" }).toArray(); },
     function () { sys.data.count('rec_companies', {}); },
     function () { sys.data.findById('sqlite_master', 'x'); },
     function () { sys.data.save(sys.data.createRecord('companies')); },
     function () { sys.users.updatePassword(sys.data.createRecord('sys.users'), { newPassword: 'x' }); }]
      .forEach(function (f) { try { f(); } catch (e) { msgs.push(String(e.message()) + '\\n' + String(e.stack)); } });
    msgs.forEach(function (m) { if (/node_modules|\\/work\\/|\\/tmp\\/|node:internal|SELECT |json_extract|FROM rec_|rec_companies WHERE/i.test(m)) found.push(m.slice(0, 120)); });
    if (sys.data.count('companies', {}) < 1) found.push('table dropped');`,
  ),
  // 15. Cross-run leakage and identity.
  p(
    'cross-run',
    'state left by an earlier run (see the test)',
    `
    if (typeof LEFT !== 'undefined' || globalThis.left || [].left || Object.prototype.left) found.push('leaked global');
    if (JSON.parse('1') !== 1 || typeof Function.prototype.call !== 'function') found.push('leaked patch');
    if (sys.context.getCurrentUser() !== null) found.push('leaked identity');`,
    {
      setup: `globalThis.left = 1; Object.prototype.left = 1; Array.prototype.left = 1; JSON.parse = function () { return 2; };
      Function.prototype.call = null; var u = sys.data.createRecord('sys.users'); u.field('firstName').val('L');
      u.field('lastName').val('R'); u.field('email').val('left-' + Math.random() + '@x.io'); sys.data.save(u);
      sys.context.setCurrentUserRecord(u); return 1;`,
    },
  ),
];
