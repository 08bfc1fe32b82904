import { parseFlags, UsageError } from './cli-args.js';
import { formatTime } from './format-time.js';
import { drainWithProgress } from './mail-drain-progress.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';
import { jsonLine, visibleValue } from './terminal-text.js';

/**
 * `warden mail`: the outbox with each mail's state, newest first. `warden mail retry` re-queues
 * dead mail (`--failed`: failed mail now, `--to`, `--id` narrow it).
 */
export async function commandMail(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    state: { type: 'string' },
    deliver: { type: 'boolean' },
    to: { type: 'string' },
    id: { type: 'string' },
    failed: { type: 'boolean' },
  });
  const [sub, ...extra] = positionals;
  if ((sub !== undefined && sub !== 'retry') || extra.length > 0) {
    throw new UsageError(`unknown mail command '${[sub, ...extra].join(' ')}'`);
  }
  const json = values.json === true;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    adoptForeignDatabase: values['adopt-foreign-database'] === true,
    json,
  });
  try {
    if (sub === 'retry') {
      const report = await runtime.mail.retry({
        ...(values.failed ? { state: 'failed' as const } : {}),
        ...(values.to ? { to: values.to as string } : {}),
        ...(values.id ? { id: values.id as string } : {}),
      });
      out.line(
        json
          ? JSON.stringify(report)
          : `requeued ${report.requeued}${report.skipped ? `, skipped ${report.skipped} sensitive mail whose body was erased` : ''}`,
      );
      return 0;
    }
    if (values.deliver) {
      const report = await drainWithProgress(runtime);
      if (!json) out.line(`delivered: ${JSON.stringify(report)}`);
    }
    const entries = await runtime.mail.list(values.state ? { state: values.state as never } : undefined);
    if (json) {
      for (const entry of entries) out.line(jsonLine(entry));
      return 0;
    }
    if (!entries.length) out.line('The outbox is empty.');
    for (const e of entries) {
      const row = e as unknown as Record<string, unknown>;
      out.line(
        [
          typeof row.createdAt === 'number' ? formatTime(row.createdAt) : row.createdAt,
          String(row.state).padEnd(7),
          row.to,
          row.subject,
          row.attempts ? `attempts=${row.attempts}` : '',
        ]
          .filter(Boolean)
          .map(visibleValue)
          .join('  '),
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
