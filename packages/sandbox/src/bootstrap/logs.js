// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.logs and the global log(): messages become strings here, inside the isolate, so the host
// only ever receives a level and a string.

/** Any value as log text: strings as is, records and objects as JSON, errors as `Name: message`. */
function logText(v) {
  try {
    if (typeof v === 'string') return v;
    if (isRecord(v)) return $JSON_stringify(v.toJson());
    if (isScriptException(v)) return v.toString();
    if (v instanceof $Error) return `${$String(v.name)}: ${$String(v.message)}`;
    if (v !== null && typeof v === 'object') {
      const json = $JSON_stringify(v);
      if (typeof json === 'string') return json;
    }
    return $String(v);
  } catch {
    return describe(v);
  }
}

/** The details an `exception` argument adds: code, message and the user's stack. */
function exceptionText(e) {
  try {
    if (isScriptException(e)) return `${e.code()}: ${e.message()}\n${userStack(e.stack, '')}`;
    if (e instanceof $Error) return userStack(e.stack, `${$String(e.name)}: ${$String(e.message)}`);
    return messageOf(e);
  } catch {
    return describe(e);
  }
}

const logAt = (level) => (message, exception) => {
  const text = logText(message);
  flushSaves();
  $log(level, exception !== undefined ? `${text}\n${exceptionText(exception)}` : text);
};

const logsApi = namespace({
  __proto__: null,
  info: logAt('INFO'),
  warn: logAt('WARN'),
  error: logAt('ERROR'),
  debug: logAt('DEBUG'),
});

/** The global `log(...values)`: an INFO log of the values joined by spaces. */
const log = (...values) => {
  const parts = [];
  for (let i = 0; i < values.length; i++) parts[i] = logText(values[i]);
  flushSaves();
  $log('INFO', $join(parts, ' '));
};
