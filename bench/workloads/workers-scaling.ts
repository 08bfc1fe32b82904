import { compare, speedRatio } from '../harness/compare.js';
import { formatRate } from '../harness/stats.js';
import { cell, detail, pick, type Workload } from '../harness/workload.js';
import { cpuJob } from './cpu-scripts.js';

/** Throughput of a CPU-bound script mix, all jobs queued at once, on 2 workers vs 1. */
export const workersScaling: Workload = {
  name: 'workers',
  async run(env, report) {
    const jobs = pick(env, 60, 6);
    const one = await env.runtime(1);
    const two = await env.runtime(2);
    const batch = (runtime: typeof one) => async () => {
      const results = await Promise.all(Array.from({ length: jobs }, (_, i) => runtime.run(cpuJob(i))));
      return results.map((r) => r.value);
    };

    const m = await compare(
      { one: batch(one), two: batch(two) },
      { warmup: 1, rounds: env.short ? 1 : 5, ops: jobs },
    );
    const ratio = speedRatio(m.two!, m.one!);
    report.rows.push({
      workload: `2 workers vs 1 worker, ${jobs} CPU-bound scripts queued at once (per script)`,
      warden: `${cell(m.two)} (2 w) / ${cell(m.one)} (1 w)`,
      ratio: `${ratio.toFixed(2)}× throughput`,
      target: { text: '≥ 1.6× throughput', met: (v) => v >= 1.6 },
      value: ratio,
    });
    report.notes.push(detail('cpu mix, 1 worker', m.one!), detail('cpu mix, 2 workers', m.two!));
    report.notes.push(
      `cpu mix throughput: ${formatRate(m.one!.opsPerSecond)} on 1 worker, ${formatRate(m.two!.opsPerSecond)} on 2`,
    );
  },
};
