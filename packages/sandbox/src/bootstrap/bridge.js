// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// The only way to the host: one op name and a JSON array of plain arguments, answered by a
// JSON envelope. A failed envelope becomes a ScriptException thrown at the caller.

/** Runs host op `op` with already-plain `args`; returns its value or throws its error. */
function call(op, args) {
  return callJson(op, encode(args));
}

/** `call` with the arguments' JSON text already made (a hot path that builds it by hand). */
function callJson(op, argsJson) {
  // Queued saves go first: every other call sees the writes the script made before it.
  if (deferredArgs.length !== 0) flushSaves();
  return exchange(op, argsJson);
}

/** One crossing: `op` with its arguments' JSON text; the answer's value, or its error thrown. */
function exchange(op, argsJson) {
  const answer = $dispatch(op, argsJson);
  let envelope;
  try {
    envelope = $JSON_parse(answer);
  } catch {
    throw fail('systemException', `${op}: the host sent an unreadable answer`);
  }
  // A success envelope always holds `ok` and `value` as its own: read directly, no own() checks.
  if (envelope !== null && typeof envelope === 'object' && envelope.ok === true)
    return envelope.value ?? null;
  const code = own(envelope, 'code');
  const message = own(envelope, 'message');
  const info = own(envelope, 'info');
  const errors = own(envelope, 'errors');
  const details = info !== null && typeof info === 'object' && !$isArray(info) ? info : {};
  if ($isArray(errors) && errors.length > 0) details.errors = errors;
  throw fail(
    typeof code === 'string' ? code : 'unknownError',
    typeof message === 'string' ? message : 'The host call failed',
    details,
  );
}
