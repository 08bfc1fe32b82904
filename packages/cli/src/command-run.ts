import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isWardenError, type LogEntry } from '@warden/runtime';
import { parseFlags, parseParams, UsageError } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { jsonLine, visible } from './terminal-text.js';

/** `warden run <script.js>`: one run; exit 0 on success, 1 when the script fails. */
export async function commandRun(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    entity: { type: 'string' },
    as: { type: 'string' },
    timeout: { type: 'string' },
    param: { type: 'string', multiple: true },
  });
  if (positionals.length !== 1) throw new UsageError('run expects exactly one script file');
  const file = positionals[0]!;
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new UsageError(`--timeout expects a positive number of milliseconds, got '${values.timeout}'`);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read script '${file}'`);
  }
  const json = values.json === true;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    adoptForeignDatabase: values['adopt-foreign-database'] === true,
    json,
  });
  try {
    const result = await runtime.run(source, {
      filename: basename(file),
      entity: values.entity as string | undefined,
      as: values.as as string | undefined,
      params: parseParams((values.param as string[] | undefined) ?? []),
      timeoutMs,
    });
    printLogs(out, result.logs, json);
    if (json) out.line(jsonLine({ result: result.value ?? null }));
    else if (result.value !== undefined && result.value !== null) out.line(formatValue(result.value));
    await runtime.mail.drain();
    return 0;
  } catch (error) {
    if (!isWardenError(error)) throw error;
    const e = error as Error & {
      code: string;
      logs?: LogEntry[];
      line?: number;
      info?: Record<string, unknown>;
    };
    printLogs(out, e.logs ?? [], json);
    // The message already ends with the script's location, e.g. `(fail.js:3)`.
    if (json) out.line(jsonLine({ error: { code: e.code, message: e.message, line: e.line ?? null } }));
    else out.error(`${visible(e.code)}: ${visible(e.message)}`);
    return 1;
  } finally {
    await runtime.close();
  }
}

function printLogs(out: Output, logs: LogEntry[], json: boolean) {
  for (const log of logs) out.line(json ? jsonLine(log) : `[${visible(log.level)}] ${visible(log.message)}`);
}

/** A string as itself on one line, anything else as indented JSON; control characters escaped. */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return visible(value);
  // JSON's own line breaks are layout; the values inside are escaped line by line.
  const json = JSON.stringify(value, null, 2) ?? String(value);
  return json.split('\n').map(visible).join('\n');
}
