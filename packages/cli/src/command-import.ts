import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parseFlags, UsageError } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { createProgressBar, type ProgressStream } from './progress-bar.js';

/** The format named by `--format`, else by the file's extension (`.csv`, `.jsonl`/`.ndjson`). */
export function formatOf(flag: unknown, file: string): 'csv' | 'jsonl' {
  const given = flag ?? { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' }[extname(file).toLowerCase()];
  if (given !== 'csv' && given !== 'jsonl')
    throw new UsageError(`--format must be csv or jsonl (not told by the file name '${file}')`);
  return given;
}

/**
 * `warden import <entity> <file>`: streams a CSV or JSON Lines file into an entity (`sys.users`
 * takes a `passwordHash` column of foreign hashes), with a progress bar on a terminal. Every bad
 * row is printed with its line. `--skip-bad-rows` imports the good rows; by default one bad row
 * imports nothing. Exit 1 when any row was bad.
 */
export async function commandImport(
  argv: string[],
  out: Output,
  progress: ProgressStream = process.stderr,
): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    format: { type: 'string' },
    'skip-bad-rows': { type: 'boolean' },
  });
  const [entity, file, ...extra] = positionals;
  if (!entity || !file || extra.length > 0) throw new UsageError('import needs <entity> <file>');
  const format = formatOf(values.format, file);
  const size = statSync(file).size;
  const bar = createProgressBar(size, progress, `${entity} `);
  let rows = 0;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    json: false,
  });
  try {
    const report = await runtime.store.importRecords(entity, createReadStream(file), {
      format,
      mode: values['skip-bad-rows'] ? 'skipBadRows' : 'allOrNothing',
      onProgress: (p) => {
        rows = p.rows;
        bar.update(p.bytes, `${p.rows} rows`);
      },
    });
    bar.finish(`${rows} rows`);
    if (values.json) out.line(JSON.stringify(report));
    else {
      for (const e of report.errors) out.error(`${file}:${e.line}: ${e.code}: ${e.message}`);
      const more = report.skipped - report.errors.length;
      if (more > 0 && !report.rolledBack) out.error(`… and ${more} more bad rows`);
      out.line(
        report.rolledBack
          ? `nothing imported: ${report.errors.length} bad row(s) (--skip-bad-rows imports the others)`
          : `imported ${report.imported}, skipped ${report.skipped}`,
      );
    }
    return report.errors.length > 0 ? 1 : 0;
  } finally {
    await runtime.close();
  }
}
