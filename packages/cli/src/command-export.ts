import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { parseFlags, UsageError } from './cli-args.js';
import { formatOf } from './command-import.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { createProgressBar, type ProgressStream } from './progress-bar.js';

/**
 * `warden export <entity> <file>`: writes the entity's records (users without any password hash)
 * as CSV or JSON Lines, a page at a time, with a progress bar on a terminal. `-` writes to stdout.
 */
export async function commandExport(
  argv: string[],
  out: Output,
  progress: ProgressStream = process.stderr,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, { format: { type: 'string' }, query: { type: 'string' } });
  const [entity, file, ...extra] = positionals;
  if (!entity || !file || extra.length > 0)
    throw new UsageError('export needs <entity> <file> (- for stdout)');
  const format = formatOf(values.format ?? (file === '-' ? 'jsonl' : undefined), file);
  let query: Record<string, unknown> = {};
  if (values.query !== undefined) {
    try {
      query = JSON.parse(values.query as string) as Record<string, unknown>;
    } catch {
      throw new UsageError('--query must be a JSON query map');
    }
  }
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    json: false,
  });
  try {
    const total = await runtime.store.count(entity, query);
    const bar = createProgressBar(total, progress, `${entity} `);
    const sink = file === '-' ? process.stdout : createWriteStream(file);
    let lines = 0;
    for await (const chunk of runtime.store.exportRecords(entity, { format, query })) {
      lines += chunk.split('\n').length - 1;
      if (!sink.write(chunk)) await once(sink, 'drain');
      bar.update(format === 'csv' ? lines - 1 : lines, `${lines} lines`);
    }
    if (sink !== process.stdout) {
      sink.end();
      await once(sink, 'finish');
    }
    bar.finish(`${total} records`);
    if (file !== '-') out.line(`exported ${total} '${entity}' records to ${file}`);
    return 0;
  } finally {
    await runtime.close();
  }
}
