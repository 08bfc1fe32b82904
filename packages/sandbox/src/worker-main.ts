/**
 * Entry point of a worker process (forked by the executor). It loads the embedder's worker host,
 * then runs scripts one at a time in its isolate; the parent's event loop never runs user code.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { errorEnvelope, isWardenError } from '@warden/sys-api';
import { BOOTSTRAP_SOURCE } from './bootstrap/index.js';
import { createIsolateRunner, type IsolateRunner, type RunnerOptions } from './isolate-runner.js';
import type { Limits } from './limits.js';
import { createRunStack, type RunStack } from './nested-runs.js';
import type { RunHost, RunRequest, ScriptError, WorkerHost, WorkerHostFactory } from './types.js';
import type { ChildMessage, ParentMessage, WorkerOutcome } from './worker-protocol.js';

let host: WorkerHost | null = null;
let runner: IsolateRunner | null = null;
let stack: RunStack | null = null;

// A send fails only when the parent is gone: nobody is left to answer, and 'disconnect' closes us.
const send = (message: ChildMessage) => process.send?.(message, undefined, undefined, () => {});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') void init(message);
  else if (message.type === 'run') {
    const outcome = run(message.req, message.limits);
    const replacing = runner?.retired() ?? false;
    send({ type: 'done', id: message.id, outcome, isolates: runner?.stats().isolates ?? 0, replacing });
    // The answer is on its way: make the next run's contexts while the parent reads it.
    setImmediate(() => {
      runner?.prepare();
      stack?.prepare();
      if (replacing) send({ type: 'idle' });
    });
  } else if (message.type === 'close') close();
});
// The parent is gone: nobody can use our results.
process.on('disconnect', () => close());

async function init(message: Extract<ParentMessage, { type: 'init' }>): Promise<void> {
  try {
    const bootstrap = message.bootstrap ?? BOOTSTRAP_SOURCE;
    const mod = await import(pathToFileURL(message.hostModule).href);
    const factory = mod.default as WorkerHostFactory;
    if (typeof factory !== 'function') throw new Error('the host module has no default export function');
    // Nested runners need the schema, which exists only once the host does: they read it lazily.
    let options: RunnerOptions | undefined;
    stack = createRunStack(() => options!);
    host = factory(message.hostConfig, { runNested: (req, runHost) => stack!.runNested(req, runHost) });
    options = {
      bootstrapSource: bootstrap,
      schema: host.schema(),
      maxRuns: message.maxRuns,
      firstMaxRuns: message.firstMaxRuns,
      heapRatio: message.heapRatio,
      deferSaves: message.deferSaves,
    };
    runner = createIsolateRunner(options);
    send({ type: 'ready' });
  } catch (error) {
    // A coded error (a read-only database) is the cause the run reports; anything else is a bug
    // whose stack goes to the operator's stderr, not to any script.
    if (isWardenError(error)) {
      send({ type: 'failed', error: fromEnvelope(error) });
      return;
    }
    process.stderr.write(
      `warden sandbox: worker host failed to start: ${(error as Error)?.stack ?? error}\n`,
    );
    send({ type: 'failed' });
  }
}

function run(req: RunRequest, limits: Limits): WorkerOutcome {
  const stats = { wallMs: 0, cpuMs: 0, hostCalls: 0, argBytes: 0, resultBytes: 0, heapUsedBytes: 0 };
  if (!host || !runner)
    return {
      ok: false,
      error: { code: 'systemException', message: 'The worker is not ready' },
      logs: [],
      stats,
    };
  let runHost: RunHost;
  try {
    runHost = host.beginRun({ ...req, runId: randomUUID(), deadline: Date.now() + limits.wallMs });
  } catch (error) {
    return { ok: false, error: fromEnvelope(error), logs: [], stats };
  }
  const result = stack!.within(limits, (cpu) => runner!.run(req, limits, runHost, cpu));
  if (!result.ok) {
    try {
      runHost.finish(false);
    } catch {
      // The run already failed; its own error is the one to report.
    }
    return result;
  }
  try {
    const effects = runHost.finish(true, result.value);
    return { ...result, effects: effects ?? null };
  } catch (error) {
    return { ok: false, error: fromEnvelope(error), logs: result.logs, stats: result.stats };
  }
}

function fromEnvelope(error: unknown): ScriptError {
  const { ok: _, ...rest } = errorEnvelope(error);
  return rest;
}

function close(): void {
  try {
    host?.close();
  } catch (error) {
    process.stderr.write(`warden sandbox: worker host failed to close: ${(error as Error)?.message}\n`);
  }
  host = null;
  runner?.dispose();
  runner = null;
  stack?.dispose();
  stack = null;
  process.exit(0);
}
