import type { Workload } from '../harness/workload.js';
import { runHookDispatchBench } from '../hook-dispatch.js';

/** Event dispatch overhead: committed changes with a no-op after-hook vs none (the issue sets no target). */
export const hookDispatch: Workload = {
  name: 'hooks',
  async run(env, report) {
    const r = await runHookDispatchBench({ short: env.short });
    report.notes.push(
      `event dispatch: ${r.warden.toFixed(0)} committed changes/s with a no-op after-hook vs ` +
        `${r.baseline.toFixed(0)}/s with none: ${r.ratio.toFixed(2)}× the time per change`,
    );
  },
};
