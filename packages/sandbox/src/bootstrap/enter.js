// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// Publishes the frozen `sys` and `log`, and defines enter(runJson, userFn): the host's only way
// in. enter runs the user function and always answers a JSON string, never a thrown value.

const sys = namespace({
  data: sysData,
  users: sysUsers,
  context: sysContext,
  logs: sysLogs,
  exceptions: sysExceptions,
  commons: namespace({ ResultSet }),
});

const CLASSES = [
  Record,
  UserRecord,
  Wrapper,
  RelationshipWrapper,
  ChoiceWrapper,
  GroupWrapper,
  DateTimeWrapper,
  NestedWrapper,
  ManyWrapper,
  ResultSet,
  Query,
  QueryField,
  ComplexQueryCriteria,
  AggregateQuery,
  ScriptException,
];
for (let i = 0; i < CLASSES.length; i++) {
  const proto = CLASSES[i].prototype;
  const names = $getOwnPropertyNames(proto);
  for (let j = 0; j < names.length; j++) {
    const v = proto[names[j]];
    if (typeof v === 'function') $freeze(v);
  }
  $freeze(proto);
  $freeze(CLASSES[i]);
}
$defineProperty($globalThis, 'sys', { value: sys, writable: false, configurable: false, enumerable: false });
$defineProperty($globalThis, 'log', {
  value: $freeze(log),
  writable: false,
  configurable: false,
  enumerable: false,
});

/** Runs `userFn` with the run's arguments; answers `{ok, value}` or `{ok: false, code, message, ...}`. */
function enter(runJson, userFn) {
  try {
    const run = $JSON_parse(runJson);
    const entity = own(run, 'entity');
    contextEntity = typeof entity === 'string' ? entity : null;
    const args = own(run, 'args');
    const values = [];
    if ($isArray(args)) {
      for (let i = 0; i < args.length; i++) {
        const value = own(args[i], 'value');
        values[i] =
          own(args[i], 'kind') === 'record' ? recordFromWire(value) : value === undefined ? null : value;
      }
    }
    if (typeof userFn !== 'function') throw badRequest('enter: the script did not compile to a function');
    const json = $JSON_stringify($apply(userFn, undefined, values), resultReplacer);
    const value = json === undefined ? 'null' : json;
    const names = own(run, 'returnRecords');
    if (!$isArray(names)) return `{"ok":true,"value":${value}}`;
    return `{"ok":true,"value":${value},"records":${$JSON_stringify(recordsOut(args, values, names))}}`;
  } catch (e) {
    return failureJson(e);
  }
}

/** The record variables as the script left them, by name (`returnRecords`: a hook edits `record`). */
function recordsOut(args, values, names) {
  const out = {};
  let n = 0;
  for (let i = 0; i < args.length; i++) {
    if (own(args[i], 'kind') !== 'record') continue;
    const name = names[n++];
    if (typeof name === 'string' && isRecord(values[i])) out[name] = wireOf(values[i]);
  }
  return out;
}

/** Records leave as their toJson(), wrappers as their value. */
function resultReplacer(_key, value) {
  if (isRecord(value)) return value.toJson();
  if (isWrapper(value)) return value.val();
  return value;
}

function failureJson(e) {
  try {
    const out = { ok: false, code: 'javascriptException', message: '', stack: '' };
    if (isScriptException(e)) {
      const info = e.getAdditionalInfo();
      out.code = e.code();
      out.message = e.message();
      out.stack = typeof e.stack === 'string' ? e.stack : '';
      if ($isArray(own(info, 'errors'))) out.errors = info.errors;
      delete info.errors;
      if ($keys(info).length > 0) out.info = info;
    } else if (e instanceof $Error) {
      out.message = `${$String(e.name)}: ${$String(e.message)}`;
      let stack;
      try {
        stack = e.stack;
      } catch {}
      out.stack = userStack(stack, out.message);
    } else {
      out.message = messageOf(e);
    }
    const at = userLocation(out.stack);
    out.line = at.line;
    out.column = at.column;
    return encode(toPlain(out, 'enter'));
  } catch {
    return '{"ok":false,"code":"javascriptException","message":"The script threw a value that cannot be described","stack":"","line":null,"column":null}';
  }
}
