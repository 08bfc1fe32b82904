// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// The last file of build(): assembles the frozen `sys`, freezes every class, and gathers what the
// eager enter() needs from the built scope (API).

const sysMembers = {
  __proto__: null,
  data: dataApi,
  users: usersApi,
  context: contextApi,
  logs: logsApi,
  exceptions: exceptionsApi,
  jobs: jobsApi,
  commons: namespace({ __proto__: null, ResultSet }),
  ui: uiApi,
};
// sys.utils is built on its first use: a getter, frozen like the rest.
$defineProperty(sysMembers, 'utils', { __proto__: null, get: $freeze(() => utilsApi()), enumerable: true });
const sys = $freeze(sysMembers);

const CLASSES = [
  Record,
  UserRecord,
  Wrapper,
  RelationshipWrapper,
  ChoiceWrapper,
  GroupWrapper,
  DateWrapper,
  DateTimeWrapper,
  TimeWrapper,
  NumberWrapper,
  UrlWrapper,
  RankWrapper,
  NestedWrapper,
  ManyWrapper,
  ResultSet,
  Query,
  QueryField,
  ComplexQueryCriteria,
  AggregateQuery,
  ScriptException,
  Job,
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

/** The failure answer of enter() for anything the script threw. */
function failureJson(e) {
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
}

const API = {
  sys,
  app: appApi,
  log: $freeze(log),
  flushSaves,
  recordFromWire,
  badRequest,
  recordsOut,
  resultReplacer,
  failureJson,
};
