/**
 * A minimal bootstrap that follows the engine's contract ($0 dispatch, $1 log, $2 the encoded
 * schema; returns `enter`), so the engine can be tested apart from the real `sys` API. Only a few `sys.data` calls,
 * with the real API's names and op arguments.
 */
export const STAND_IN_BOOTSTRAP = String.raw`
'use strict';
const dispatch = $0, hostLog = $1, schema = JSON.parse($2.split('\n')[0]);
const { parse, stringify } = JSON, freeze = Object.freeze, apply = Reflect.apply;
class ScriptException extends Error {
  constructor(code, message) { super(message); this.name = 'ScriptException'; this.code = code; }
}
const call = (op, args) => {
  const r = parse(dispatch(op, stringify(args)));
  if (r.ok) return r.value;
  throw new ScriptException(r.code, r.message);
};
let entity = null;
const sys = freeze({
  app: schema.name,
  entity: () => entity,
  data: freeze({
    count: (e, q) => call('data.count', [e, q === undefined ? null : q]),
    findById: (e, id) => call('data.findById', [e, id]),
    lockById: (e, id, ms) => call('data.lock', [e, id, ms === undefined ? null : ms]),
    unlockById: (e, id) => call('data.unlock', [e, id]),
  }),
  raw: (op, argsJson) => dispatch(op, argsJson),
});
const log = freeze((m) => hostLog('INFO', String(m)));
Object.defineProperty(globalThis, 'sys', { value: sys });
Object.defineProperty(globalThis, 'log', { value: log });
const where = (stack) => {
  const frames = String(stack).split('\n').filter((l) => l.includes('file:///script.js'));
  const m = /file:\/\/\/script\.js:(\d+):(\d+)/.exec(frames[0] || '');
  return { stack: frames.join('\n'), line: m ? +m[1] : undefined, column: m ? +m[2] : undefined };
};
return function enter(runJson, userFn) {
  try {
    const run = parse(runJson);
    entity = run.entity;
    const value = apply(userFn, undefined, run.args.map((a) => a.value));
    return stringify({ ok: true, value: value === undefined ? null : value });
  } catch (e) {
    try {
      const sx = e instanceof ScriptException;
      const message = sx ? e.message : (e && e.name) + ': ' + (e && e.message);
      return stringify({ ok: false, code: sx ? e.code : 'javascriptException', message, ...where(e && e.stack) });
    } catch {
      return '{"ok":false,"code":"javascriptException","message":"unreadable error"}';
    }
  }
};
`;
