import { badRequest, errorEnvelope, SYS_OP_NAMES, type SysOpName } from '@warden/sys-api';
import { describe } from './limits.js';
import type { LogSink } from './log-sink.js';
import type { Breach, RunBudget } from './run-budget.js';
import type { RunHost } from './types.js';

const OPS = new Set<string>(SYS_OP_NAMES);

/** The two host callbacks a run's bootstrap captures as `$0` and `$1`. */
export interface HostBridge {
  dispatch(op: unknown, argsJson: unknown): string;
  log(level: unknown, message: unknown): void;
}

/**
 * Builds the run's callbacks. Each call is counted against `budget`; on a breach `end()` disposes
 * the isolate, which stops the script even when it catches every error.
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
  return {
    dispatch(op, argsJson) {
      stop(budget.enter(typeof argsJson === 'string' ? Buffer.byteLength(argsJson) : 0));
      const out = serve(runHost, op, argsJson);
      stop(budget.leave(Buffer.byteLength(out)));
      return out;
    },
    log(level, message) {
      stop(budget.enter(0));
      logs.add(level, message);
    },
  };
}

function serve(runHost: RunHost, op: unknown, argsJson: unknown): string {
  let value: unknown;
  try {
    if (typeof op !== 'string' || !OPS.has(op))
      throw badRequest(`dispatch: unknown operation ${describe(op)}`);
    value = runHost.dispatch(op as SysOpName, parseArgs(op, argsJson));
  } catch (error) {
    return JSON.stringify(errorEnvelope(error));
  }
  try {
    // The envelope's text around the value's, without an envelope object per call.
    return `{"ok":true,"value":${rawJsonOf(value) ?? JSON.stringify(value) ?? 'null'}}`;
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
