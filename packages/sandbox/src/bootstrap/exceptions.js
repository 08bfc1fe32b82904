// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.exceptions: ScriptException, the code constants and the helpers that read any thrown value.

/** `file` of a stack line `    at fn (file:1:2)` / `    at file:1:2`; null for native frames. */
function frameFile(line) {
  const m = $exec(/\(?([^()\s]+):(\d+):(\d+)\)?$/, line);
  return m ? m[1] : null;
}

/** The header line plus only the frames of user code (not this bootstrap, not natives). */
function userStack(stack, header) {
  if (typeof stack !== 'string') return header;
  const lines = $split(stack, '\n');
  const out = [header];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!$test(/^\s+at /, line)) continue;
    const file = frameFile(line);
    if (file !== null && file !== BOOTSTRAP_FILE) $push(out, line);
  }
  return $join(out, '\n');
}

/** The first user frame's line and column, or nulls. */
function userLocation(stack) {
  const lines = $split(stack, '\n');
  for (let i = 1; i < lines.length; i++) {
    const m = $exec(/:(\d+):(\d+)\)?$/, lines[i]);
    if (m) return { line: $Number(m[1]), column: $Number(m[2]) };
  }
  return { line: null, column: null };
}

/** A copy of a JSON-like value, so that callers cannot mutate an exception's details. */
const cloneJson = (v) => (v === undefined ? undefined : $JSON_parse($JSON_stringify(v)));

let isScriptException;

/** The one error type scripts catch for platform failures. */
class ScriptException extends $Error {
  #code;
  #message;
  #info;

  static {
    isScriptException = (v) => v !== null && typeof v === 'object' && #code in v;
  }

  /** `new sys.exceptions.ScriptException(code, message, additionalInfo?)` */
  constructor(code, message, additionalInfo) {
    super();
    this.#code = typeof code === 'string' && code !== '' ? code : 'unknownError';
    this.#message = message === undefined || message === null ? '' : $String(message);
    let info = {};
    try {
      if (additionalInfo !== null && typeof additionalInfo === 'object') info = cloneJson(additionalInfo);
    } catch {}
    this.#info = info;
    // Validation failures list their fields: `e.errors` as well as getAdditionalInfo(e).errors.
    if ($isArray(own(info, 'errors'))) {
      $defineProperty(this, 'errors', {
        __proto__: null,
        value: cloneJson(info.errors),
        writable: true,
        configurable: true,
      });
    }
    let stack;
    try {
      stack = this.stack; // a user Error.prepareStackTrace may throw or return anything
    } catch {}
    $defineProperty(this, 'stack', {
      __proto__: null,
      value: userStack(stack, `ScriptException: ${this.#code}: ${this.#message}`),
      writable: true,
      configurable: true,
    });
  }

  code() {
    return this.#code;
  }
  message() {
    return this.#message;
  }
  getCode() {
    return this.#code;
  }
  getMessage() {
    return this.#message;
  }
  getAdditionalInfo() {
    return cloneJson(this.#info);
  }
  throw() {
    throw this;
  }
  toString() {
    return `${this.#code}: ${this.#message}`;
  }
}
$defineProperty(ScriptException.prototype, 'name', { __proto__: null, value: 'ScriptException' });

/**
 * A ScriptException with the given code: the bootstrap's own errors use these. A script's
 * `Error.prepareStackTrace` is set aside meanwhile, so it cannot replace or break them.
 */
function fail(code, message, info) {
  let saved;
  let swapped = false;
  try {
    saved = $Error.prepareStackTrace;
    $Error.prepareStackTrace = undefined;
    swapped = true;
  } catch {}
  try {
    return new ScriptException(code, message, info);
  } finally {
    try {
      if (swapped) $Error.prepareStackTrace = saved;
    } catch {}
  }
}
const badRequest = (message) => fail('badRequest', message);

/** `sys.exceptions.getMessage`: a string as is, a ScriptException's message, an Error's message, JSON else. */
function messageOf(e) {
  if (typeof e === 'string') return e;
  if (isScriptException(e)) return e.getMessage();
  if (e instanceof $Error) {
    try {
      return $String(e.message);
    } catch {
      return 'Error';
    }
  }
  if (e !== null && typeof e === 'object') {
    try {
      const json = $JSON_stringify(e);
      if (typeof json === 'string') return json;
    } catch {}
  }
  try {
    return $String(e);
  } catch {
    return describe(e);
  }
}

const exceptionsApi = namespace({
  __proto__: null,
  VALIDATION_ERRORS: 'validationErrors',
  BAD_REQUEST_ERROR: 'badRequest',
  NOT_FOUND_ERROR: 'notFound',
  ACCESS_FORBIDDEN_ERROR: 'forbidden',
  OPTIMISTIC_LOCKING_ERROR: 'optimisticLocking',
  SYSTEM_ERROR: 'systemException',
  JAVASCRIPT_ERROR: 'javascriptException',
  ENDPOINT_ERROR: 'endpointException',
  UNKNOWN_ERROR: 'unknownError',
  TIMEOUT_ERROR: 'timeout',
  ScriptException,
  /** The code of a ScriptException; null for anything else. */
  getCode: (e) => (isScriptException(e) ? e.getCode() : null),
  getMessage: (e) => messageOf(e),
  getAdditionalInfo: (e) => (isScriptException(e) ? e.getAdditionalInfo() : {}),
  throwException(code, message) {
    if (typeof code !== 'string' || code === '') {
      throw badRequest(
        `sys.exceptions.throwException: code must be a non-empty string, got ${describe(code)}`,
      );
    }
    throw new ScriptException(code, message);
  },
});
