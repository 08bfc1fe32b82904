import { parseFlags } from './cli-args.js';
import { openRuntime } from './open-runtime.js';
import type { Output } from './output.js';

/** `warden mail`: the outbox with each mail's state, newest first. */
export async function commandMail(argv: string[], out: Output): Promise<number> {
  const { values } = parseFlags(argv, { state: { type: 'string' }, deliver: { type: 'boolean' } });
  const json = values.json === true;
  const runtime = await openRuntime({
    db: (values.db as string) ?? 'warden.db',
    app: values.app as string,
    json,
  });
  try {
    if (values.deliver) {
      const report = await runtime.mail.drain();
      if (!json) out.line(`delivered: ${JSON.stringify(report)}`);
    }
    const entries = runtime.mail.list(values.state ? { state: values.state as never } : undefined);
    if (json) {
      for (const entry of entries) out.line(JSON.stringify(entry));
      return 0;
    }
    if (!entries.length) out.line('The outbox is empty.');
    for (const e of entries) {
      const row = e as unknown as Record<string, unknown>;
      out.line(
        [
          row.createdAt,
          String(row.state).padEnd(7),
          row.to,
          row.subject,
          row.attempts ? `attempts=${row.attempts}` : '',
        ]
          .filter(Boolean)
          .join('  '),
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}
