import { type LogEntry, WardenError } from '@warden/sys-api';
import type { RunOutcome, RunStats } from './types.js';

/** The error of a failed run, with where the script failed and what it logged before. */
export type RunError = WardenError & {
  /** The script's name, line and column of the failure, when it was inside the script. */
  file?: string;
  line?: number;
  column?: number;
  /** The script's own stack frames only. */
  scriptStack?: string;
  logs: LogEntry[];
  stats: RunStats;
};

/**
 * Turns a failed run into the error an embedder throws: the script's code, and a message ending with
 * the script's own location, so `${e.code}: ${e.message}` reads `notFound: no such thing (script.js:3)`.
 */
export function outcomeError(outcome: Extract<RunOutcome, { ok: false }>): RunError {
  const { error } = outcome;
  const where = error.line ? ` (${error.file ?? 'script.js'}:${error.line})` : '';
  const out = new WardenError(error.code, `${error.message}${where}`, {
    ...(error.errors?.length ? { errors: error.errors } : {}),
    ...(error.info ? { info: error.info } : {}),
  }) as RunError;
  if (error.line) Object.assign(out, { file: error.file ?? 'script.js', line: error.line });
  if (error.column) out.column = error.column;
  if (error.stack) out.scriptStack = error.stack;
  out.logs = outcome.logs;
  out.stats = outcome.stats;
  return out;
}
