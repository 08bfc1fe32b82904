import { type AppSchema, errorEnvelope, type WireRecord } from '@warden/sys-api';
import ivm from 'isolated-vm';
import { BOOTSTRAP_FILENAME, BOOTSTRAP_SOURCE, encodeBootstrapSchema } from '../index.js';
import { createMemoryHost, type HostCall, type MemoryHost } from './memory-host.js';
import { TEST_SCHEMA } from './test-schema.js';

/** What `enter` answered, parsed. */
export type EnterResult =
  | { ok: true; value: unknown }
  | {
      ok: false;
      code: string;
      message: string;
      errors?: unknown[];
      info?: Record<string, unknown>;
      stack: string;
      line: number | null;
      column: number | null;
    };

export interface RunOptions {
  entity?: string;
  params?: Record<string, unknown>;
  records?: Record<string, WireRecord>;
  /** Defer the body's saves in batches of this many characters (the run's `saveBatch`). */
  saveBatch?: number;
}

export interface Harness {
  readonly host: MemoryHost;
  readonly logs: { level: string; message: string }[];
  /** Every op and log, in the order the bootstrap sent them (`log` for a log). */
  readonly sent: string[];
  readonly isolate: ivm.Isolate;
  readonly context: ivm.Context;
  /** Runs `source` as a script body through the bootstrap's `enter`, like the engine does. */
  run(source: string, options?: RunOptions): EnterResult;
  /** Runs and returns the value; throws with the script's error when it failed. */
  value(source: string, options?: RunOptions): unknown;
  /** Runs and returns the failure; throws when the script succeeded. */
  error(source: string, options?: RunOptions): Extract<EnterResult, { ok: false }>;
  /** The ops sent since the last call of `takeCalls`. */
  takeCalls(): HostCall[];
  dispose(): void;
}

/** A real isolate and context with the bootstrap installed over an in-memory host. */
export function createHarness(schema: AppSchema = TEST_SCHEMA): Harness {
  const host = createMemoryHost(schema);
  const logs: { level: string; message: string }[] = [];
  const sent: string[] = [];
  const isolate = new ivm.Isolate({ memoryLimit: 64 });
  const context = isolate.createContextSync();
  let seen = 0;

  const dispatch = (op: string, argsJson: string): string => {
    try {
      sent.push(op);
      const args = JSON.parse(argsJson) as unknown[];
      host.calls.push({ op: op as HostCall['op'], args });
      return JSON.stringify({ ok: true, value: host.dispatch(op, args) ?? null });
    } catch (error) {
      return JSON.stringify(errorEnvelope(error));
    }
  };
  const log = (level: string, message: string) => {
    sent.push('log');
    logs.push({ level, message });
  };
  const enter: ivm.Reference<(runJson: string, fn: unknown) => string> = context.evalClosureSync(
    BOOTSTRAP_SOURCE,
    [dispatch, log, encodeBootstrapSchema(schema)],
    { result: { reference: true }, filename: BOOTSTRAP_FILENAME },
  );

  const run = (source: string, options: RunOptions = {}): EnterResult => {
    const params = Object.entries(options.params ?? {});
    const records = Object.entries(options.records ?? {});
    const names = [...params, ...records].map(([name]) => name).join(', ');
    const script = isolate.compileScriptSync(`(function (${names}) {${source}\n})`, {
      filename: 'file:///script.js',
    });
    const fn = script.runSync(context, { reference: true }) as ivm.Reference<unknown>;
    const runJson = JSON.stringify({
      entity: options.entity ?? null,
      args: [
        ...params.map(([, value]) => ({ kind: 'value', value })),
        ...records.map(([, value]) => ({ kind: 'record', value })),
      ],
      saveBatch: options.saveBatch ?? 0,
    });
    try {
      return JSON.parse(
        enter.applySync(undefined, [runJson, fn.derefInto()], { timeout: 5000 }),
      ) as EnterResult;
    } finally {
      fn.release();
      script.release();
    }
  };

  return {
    host,
    logs,
    sent,
    isolate,
    context,
    run,
    value(source, options) {
      const r = run(source, options);
      if (!r.ok) throw new Error(`script failed: ${r.code}: ${r.message}\n${r.stack}`);
      return r.value;
    },
    error(source, options) {
      const r = run(source, options);
      if (r.ok) throw new Error(`script succeeded with ${JSON.stringify(r.value)}`);
      return r;
    },
    takeCalls() {
      const calls = host.calls.slice(seen);
      seen = host.calls.length;
      return calls;
    },
    dispose() {
      enter.release();
      context.release();
      isolate.dispose();
    },
  };
}
