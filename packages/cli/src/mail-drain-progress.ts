import type { Runtime } from '@warden/runtime';
import { createProgress } from './progress-report.js';

type Report = Awaited<ReturnType<Runtime['mail']['drain']>>;

/** Mails waiting in `states` (the outbox lists at most 1,000 per state). */
async function waiting(runtime: Runtime, states: ('pending' | 'sending' | 'failed')[]): Promise<number> {
  let n = 0;
  for (const state of states) n += (await runtime.mail.list({ state, limit: 1000 })).length;
  return n;
}

/**
 * `runtime.mail.drain()` with progress on stderr: the outbox is counted every 100 ms while the
 * dispatcher delivers, so a bar (or a line per tenth) follows the mails as they leave.
 */
export async function drainWithProgress(runtime: Runtime): Promise<Report> {
  const due = await waiting(runtime, ['pending', 'failed']);
  if (due === 0) return runtime.mail.drain();
  const bar = createProgress('delivering mail', due);
  const timer = setInterval(() => {
    waiting(runtime, ['pending', 'sending']).then(
      (left) => bar.update(due - Math.min(due, left)),
      () => {}, // the outbox closed as the drain ended
    );
  }, 100);
  try {
    const report = await runtime.mail.drain();
    bar.update(due);
    bar.finish(`delivered: ${report.sent} sent, ${report.failed} failed, ${report.dead} dead`);
    return report;
  } finally {
    clearInterval(timer);
  }
}
