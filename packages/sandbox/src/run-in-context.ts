import type ivm from 'isolated-vm';
import { compileError, type EnterResult, parseEnterResult, SCRIPT_URL } from './enter-result.js';
import type { HostBridge } from './host-bridge.js';
import type { IsolateLease } from './isolate-slot.js';
import type { PreparedContext } from './prepared-context.js';
import type { Breach, RunBudget } from './run-budget.js';
import { argNames, runJson } from './run-request.js';
import type { RunRequest, ScriptError } from './types.js';

/** Everything one run needs inside the isolate. */
export interface RunSetup {
  lease: IsolateLease;
  /** The context for this run: one prepared while the worker was idle, or one made now. */
  context: (timeout: () => number) => PreparedContext;
  bridge: HostBridge;
  budget: RunBudget;
  req: RunRequest;
  /** Characters of save arguments per batch of deferred saves; 0 sends each save at its call. */
  saveBatch: number;
  /** Disposes the lease's isolate (the run's CPU time read first). */
  end: () => void;
  maxResultBytes: number;
  /** The script's name in error locations. */
  file: string;
}

/**
 * Runs the user's function through `enter` in a fresh context with the bootstrap run in it, and
 * releases the context. Every step is armed with the time left, so a pure-JS loop is stopped by
 * isolated-vm's own timeout.
 */
export function runInContext(s: RunSetup): EnterResult {
  const { isolate } = s.lease;
  let armed: 'wallMs' | 'cpuMs' = 'wallMs';
  const timeout = () => {
    const left = s.budget.timeLeft();
    armed = left.limit;
    return left.ms;
  };
  let prepared: PreparedContext | undefined;
  try {
    prepared = s.context(timeout);
    prepared.attach(s.bridge);
    const userFn = compileUser(s, prepared.context, timeout);
    if ('error' in userFn) return { ok: false, error: userFn.error };
    const out = prepared.enter.applySync(undefined, [runJson(s.req, s.saveBatch), userFn.derefInto()], {
      timeout: timeout(),
    });
    if (typeof out === 'string' && Buffer.byteLength(out) > s.maxResultBytes) {
      return failure(s.budget.fail('maxResultBytes'));
    }
    return parseEnterResult(out, s.file);
  } catch (error) {
    const ended = s.bridge.broken ?? endedBy(error, s.budget, isolate, armed);
    // A task that throws skips isolated-vm's epilogue, so what the run left behind (a rejection
    // nobody handled, a queued microtask) would surface in the isolate's next task, outside any run
    // and its limits. An isolate that threw is therefore never used again.
    s.end();
    return failure(ended);
  } finally {
    prepared?.release();
  }
}

// The prefix sits on line 1, and the negative column offset keeps line 1's columns the script's own.
function compileUser(
  s: RunSetup,
  context: ivm.Context,
  timeout: () => number,
): ivm.Reference<unknown> | { error: ScriptError } {
  const prefix = `(function (${argNames(s.req).join(', ')}) {`;
  const text = `${prefix}${s.req.source}\n})`;
  // A compiled script holds no run's state: it evaluates to a new function in each context.
  let script = s.lease.scripts.get(text);
  if (!script) {
    try {
      script = s.lease.isolate.compileScriptSync(text, {
        filename: SCRIPT_URL,
        columnOffset: -prefix.length,
      });
    } catch (error) {
      if (s.lease.isolate.isDisposed) throw error;
      return { error: compileError(error, s.file) };
    }
    s.lease.scripts.set(text, script);
  }
  return script.runSync(context, { reference: true, timeout: timeout() });
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
  // reason after enter() returned. Only the reason's own text goes out.
  const text = rejectionText(error).slice(0, 500);
  return { code: 'javascriptException', message: `Unhandled promise rejection: ${text}` };
}

function rejectionText(reason: unknown): string {
  if (!(reason instanceof Error)) return String(reason);
  // isolated-vm replaces a reason it cannot copy (a plain object, a Symbol) with an Error of its
  // own, whose text names isolated-vm: that text never goes out.
  if (reason.message.includes('not an instance of `Error`')) return 'a value that is not an Error';
  return `${reason.name}: ${reason.message}`;
}

const failure = (e: Breach | ScriptError): EnterResult => ({
  ok: false,
  error: { code: e.code, message: e.message },
});
