import ivm from 'isolated-vm';
import { compileError, type EnterResult, parseEnterResult, SCRIPT_URL } from './enter-result.js';
import type { HostBridge } from './host-bridge.js';
import type { IsolateLease } from './isolate-slot.js';
import type { Breach, RunBudget } from './run-budget.js';
import { argNames, runJson } from './run-request.js';
import type { RunRequest, ScriptError } from './types.js';

type Enter = ivm.Reference<(runJson: string, userFn: unknown) => string>;

/** Everything one run needs inside the isolate. */
export interface RunSetup {
  lease: IsolateLease;
  context: ivm.Context;
  bridge: HostBridge;
  budget: RunBudget;
  req: RunRequest;
  schemaJson: string;
  maxResultBytes: number;
  /** The script's name in error locations. */
  file: string;
}

/**
 * Runs the bootstrap, then the user's function through `enter`, in a fresh context. Every step is
 * armed with the time left, so a pure-JS loop is stopped by isolated-vm's own timeout.
 */
export function runInContext(s: RunSetup): EnterResult {
  const { isolate, bootstrap } = s.lease;
  let armed: 'wallMs' | 'cpuMs' = 'wallMs';
  const timeout = () => {
    const left = s.budget.timeLeft();
    armed = left.limit;
    return left.ms;
  };
  try {
    const boot = bootstrap.runSync(s.context, { reference: true, timeout: timeout() });
    const callbacks = [new ivm.Callback(s.bridge.dispatch), new ivm.Callback(s.bridge.log), s.schemaJson];
    const enter = boot.applySync(undefined, callbacks, {
      result: { reference: true },
      timeout: timeout(),
    }) as Enter;
    const userFn = compileUser(s, timeout);
    if ('error' in userFn) return { ok: false, error: userFn.error };
    const out = enter.applySync(undefined, [runJson(s.req), userFn.derefInto()], { timeout: timeout() });
    if (typeof out === 'string' && Buffer.byteLength(out) > s.maxResultBytes) {
      return failure(s.budget.fail('maxResultBytes'));
    }
    return parseEnterResult(out, s.file);
  } catch (error) {
    return failure(endedBy(error, s.budget, isolate, armed));
  }
}

// The prefix sits on line 1, and the negative column offset keeps line 1's columns the script's own.
function compileUser(s: RunSetup, timeout: () => number): ivm.Reference<unknown> | { error: ScriptError } {
  const prefix = `(function (${argNames(s.req).join(', ')}) {`;
  let script: ivm.Script;
  try {
    script = s.lease.isolate.compileScriptSync(`${prefix}${s.req.source}\n})`, {
      filename: SCRIPT_URL,
      columnOffset: -prefix.length,
    });
  } catch (error) {
    if (s.lease.isolate.isDisposed) throw error;
    return { error: compileError(error, s.file) };
  }
  return script.runSync(s.context, { reference: true, timeout: timeout() });
}

/** Maps what ended a run from outside the script to a coded error; raw isolate or host text never passes. */
function endedBy(
  error: unknown,
  budget: RunBudget,
  isolate: ivm.Isolate,
  armed: 'wallMs' | 'cpuMs',
): Breach | ScriptError {
  if (budget.breach) return budget.breach;
  const message = error instanceof Error ? error.message : '';
  if (message === 'Script execution timed out.') return budget.fail(armed);
  if (/memory limit/.test(message)) return budget.fail('memoryMb');
  if (isolate.isDisposed) return { code: 'systemException', message: 'The sandbox was ended during the run' };
  // What is left is a promise the script rejected and never handled: isolated-vm rethrows its
  // reason after enter() returned. Only its name and message (the script's own text) go out.
  if (error instanceof Error) {
    const text = `${error.name}: ${error.message}`.slice(0, 500);
    return { code: 'javascriptException', message: `Unhandled promise rejection: ${text}` };
  }
  return { code: 'unknownError', message: 'The run failed inside the sandbox' };
}

const failure = (e: Breach | ScriptError): EnterResult => ({
  ok: false,
  error: { code: e.code, message: e.message },
});
