import { badRequest, errorEnvelope, isWardenError, SYS_OP_NAMES, type SysOpName } from '@warden/sys-api';
import { describe } from './limits.js';
import type { LogSink } from './log-sink.js';
import type { Breach, RunBudget } from './run-budget.js';
import { isReplayRequest } from './run-replay.js';
import type { RunHost, ScriptError } from './types.js';

const OPS = new Set<string>(SYS_OP_NAMES);

/** Ops after which the host may hold more for the run (a result set opened or paged). */
const HOLDING_OPS = new Set<string>(['data.find', 'data.aggregate', 'data.cursorNext']);

/** The op that carries a batch of deferred saves (bootstrap/save-queue.js). */
const SAVE_MANY = 'data.saveMany';

/** The two host callbacks a run's bootstrap captures as `$0` and `$1`. */
export interface HostBridge {
  dispatch(op: unknown, argsJson: unknown): string;
  log(level: unknown, message: unknown): void;
  /**
   * True once a batch of deferred saves failed, or the host asked for a replay (`requestReplay`):
   * the run has ended, to be run again from the start.
   */
  readonly replay: boolean;
  /** The host's reason when it asked for the replay: the run's error if it cannot be replayed. */
  readonly replayReason: Error | null;
  /**
   * Set when a host call failed with something other than a WardenError (the host ran out of
   * stack under a deep recursion, a host bug): the call may have done part of its work, so the
   * run ends and rolls back rather than let the script go on.
   */
  readonly broken: ScriptError | null;
}

/**
 * Builds the run's callbacks. Each call is counted against `budget`; on a breach `end()` disposes
 * the isolate, which stops the script even when it catches every error. A failed batch of
 * deferred saves ends the run the same way, since the script has gone past the saves that failed.
 */
export function createHostBridge(
  budget: RunBudget,
  logs: LogSink,
  runHost: RunHost,
  end: () => void,
): HostBridge {
  const stop = (breach: Breach | null) => {
    if (!breach) return;
    end();
    throw new Error('run ended');
  };
  let replay = false;
  let replayReason: Error | null = null;
  const replayNow = (): never => {
    replay = true;
    end();
    throw new Error('run ended');
  };
  let broken: ScriptError | null = null;
  const internal = (op: string, error: unknown) => {
    // Only the kind of failure goes out: a host error's text may hold paths or SQL.
    broken =
      error instanceof RangeError
        ? {
            code: 'systemException',
            message: `${op}: the host ran out of stack serving the call (the script recursed too deep); the run was rolled back`,
          }
        : {
            code: 'unknownError',
            message: `${op}: an internal error occurred while serving the call; the run was rolled back`,
          };
    end();
    throw new Error('run ended');
  };
  return {
    dispatch(op, argsJson) {
      stop(budget.enter(typeof argsJson === 'string' ? Buffer.byteLength(argsJson) : 0));
      const args = parseCall(op, argsJson);
      const batch = op === SAVE_MANY && Array.isArray(args) && Array.isArray(args[0]) ? args[0].length : 0;
      // A batch counts one call per save, as the saves would have made one by one.
      if (batch > 1) stop(budget.enter(0, batch - 1));
      let out: string;
      try {
        out = typeof args === 'string' ? args : serve(runHost, op as SysOpName, args);
      } catch (error) {
        if (!isReplayRequest(error)) return internal(String(op), error);
        // The host cannot serve this attempt (its snapshot lost the write lock): replay the run.
        replayReason = error.reason;
        return replayNow();
      }
      if (runHost.held && HOLDING_OPS.has(op as string)) stop(budget.hold(runHost.held()));
      const breach = budget.leave(Buffer.byteLength(out));
      // A run out of time or calls ends on its breach; there is nothing left to replay it with.
      if (!breach && batch > 0 && !out.startsWith(OK)) replayNow();
      stop(breach);
      return out;
    },
    log(level, message) {
      stop(budget.enter(0));
      logs.add(level, message);
    },
    get replay() {
      return replay;
    },
    get replayReason() {
      return replayReason;
    },
    get broken() {
      return broken;
    },
  };
}

const OK = '{"ok":true,';

/** A call's op checked and its arguments parsed, or the error envelope (text) that answers it. */
function parseCall(op: unknown, argsJson: unknown): unknown[] | string {
  try {
    if (typeof op !== 'string' || !OPS.has(op))
      throw badRequest(`dispatch: unknown operation ${describe(op)}`);
    return parseArgs(op, argsJson);
  } catch (error) {
    return JSON.stringify(errorEnvelope(error));
  }
}

/** The call's answer; throws (for the bridge to end the run) when the host failed with anything but a WardenError. */
function serve(runHost: RunHost, op: SysOpName, args: unknown[]): string {
  let value: unknown;
  try {
    value = runHost.dispatch(op, args);
  } catch (error) {
    if (!isWardenError(error)) throw error;
    return JSON.stringify(errorEnvelope(error));
  }
  try {
    // The envelope's text around the value's, without an envelope object per call.
    return `${OK}"value":${rawJsonOf(value) ?? JSON.stringify(value) ?? 'null'}}`;
  } catch (error) {
    // A host op returned something JSON cannot hold (a cycle, a BigInt): a host bug, reported without detail.
    return JSON.stringify(errorEnvelope(error));
  }
}

/**
 * An op may answer text it serialized already (stored records: their data is JSON text in the
 * database) as `{[Symbol.for('warden.rawJson')]: text}`; only host code can make one, since
 * values parsed from JSON never carry symbol keys.
 */
const RAW_JSON = Symbol.for('warden.rawJson');

function rawJsonOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const text = (value as { [RAW_JSON]?: unknown })[RAW_JSON];
  return typeof text === 'string' ? text : undefined;
}

function parseArgs(op: string, argsJson: unknown): unknown[] {
  if (typeof argsJson !== 'string') throw badRequest(`${op}: arguments must be a JSON string`);
  let args: unknown;
  try {
    args = JSON.parse(argsJson);
  } catch {
    throw badRequest(`${op}: arguments are not valid JSON`);
  }
  if (!Array.isArray(args)) throw badRequest(`${op}: arguments must be a JSON array, got ${describe(args)}`);
  return args;
}
