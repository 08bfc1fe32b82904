import { compare, speedRatio } from '../harness/compare.js';
import { cell, detail, pick, type Workload } from '../harness/workload.js';

/**
 * `return 1` ×10k through `run()`, one after another: the fixed cost of a run (queueing, IPC to the
 * worker, a fresh context, the bootstrap, the result) against node:vm with a fresh context per run.
 */
export const trivialRun: Workload = {
  name: 'trivial',
  async run(env, report) {
    const runs = pick(env, 10_000, 200);
    const runtime = await env.runtime();
    const vm = await env.vm();

    const m = await compare(
      {
        warden: async () => {
          let sum = 0;
          for (let i = 0; i < runs; i++) sum += (await runtime.run('return 1')).value as number;
          return sum;
        },
        vm: () => {
          let sum = 0;
          for (let i = 0; i < runs; i++) sum += vm('return 1', {}, { transaction: false }) as number;
          return sum;
        },
      },
      { warmup: 1, rounds: env.short ? 1 : 3, ops: runs },
    );
    const ratio = speedRatio(m.warden!, m.vm!);
    report.rows.push({
      workload: `trivial script (\`return 1\`) ×${runs.toLocaleString('en')} runs through \`run()\` (per run)`,
      warden: cell(m.warden)!,
      vm: cell(m.vm),
      ratio: `${ratio.toFixed(2)}× node:vm speed`,
      target: { text: 'per-run time ≤ node:vm, fresh context', met: (v) => v >= 1 },
      value: ratio,
    });
    for (const [name, measured] of Object.entries(m))
      report.notes.push(detail(`trivial run ${name}`, measured));
  },
};
