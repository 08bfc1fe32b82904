import type { Runtime } from '@warden/runtime';
import { compare, speedRatio } from '../harness/compare.js';
import { type CpuTimes, cpuTimes } from '../harness/cpu.js';
import { formatMs, summarize } from '../harness/stats.js';
import { cell, detail, pick, type Workload } from '../harness/workload.js';

/**
 * `return 1` ×10k through `run()`, one after another: the fixed cost of a run (queueing, IPC to the
 * worker, a fresh context, the result) against node:vm with a fresh context per run. Timed on the
 * runtime's default 2 workers (the target's row: a worker prepares its next context while the other
 * serves) and on 1 worker (each run waits for the context its worker prepares after the last one).
 */
export const trivialRun: Workload = {
  name: 'trivial',
  async run(env, report) {
    const runs = pick(env, 10_000, 200);
    const two = await env.runtime(2);
    const one = await env.runtime(1);
    const vm = await env.vm();
    const stream = (runtime: Runtime) => async () => {
      let sum = 0;
      for (let i = 0; i < runs; i++) sum += (await runtime.run('return 1')).value as number;
      return sum;
    };

    // CPU per run of the 2-worker stream, this process and the workers: with one run in flight, a
    // run costs at least their sum over 2 cores in wall time, however well the work overlaps.
    const cpu: CpuTimes[] = [];
    const twoWithCpu = async (round: number) => {
      const before = cpuTimes();
      const sum = await stream(two)();
      const after = cpuTimes();
      if (round >= 0) cpu.push({ self: after.self - before.self, workers: after.workers - before.workers });
      return sum;
    };

    const m = await compare(
      {
        warden: twoWithCpu,
        'warden, 1 worker': stream(one),
        vm: () => {
          let sum = 0;
          for (let i = 0; i < runs; i++) sum += vm('return 1', {}, { transaction: false }) as number;
          return sum;
        },
      },
      { warmup: 1, rounds: env.short ? 1 : 3, ops: runs },
    );
    const ratio = speedRatio(m.warden!, m.vm!);
    const oneWorker = speedRatio(m['warden, 1 worker']!, m.vm!);
    report.rows.push({
      workload: `trivial script (\`return 1\`) ×${runs.toLocaleString('en')} runs through \`run()\`, default 2 workers (per run)`,
      warden: `${cell(m.warden)} (1 worker: ${cell(m['warden, 1 worker'])})`,
      vm: cell(m.vm),
      ratio: `${ratio.toFixed(2)}× node:vm speed (1 worker: ${oneWorker.toFixed(2)}×)`,
      target: { text: 'per-run time ≤ node:vm, fresh context', met: (v) => v >= 1 },
      value: ratio,
    });
    for (const [name, measured] of Object.entries(m))
      report.notes.push(detail(`trivial run ${name}`, measured));
    const perRun = (part: (c: CpuTimes) => number) => summarize(cpu.map((c) => part(c) / runs)).median;
    const self = perRun((c) => c.self);
    const workers = perRun((c) => c.workers);
    report.notes.push(
      `trivial run CPU per run, default 2 workers: this process ${formatMs(self)} + workers ${formatMs(workers)} ` +
        `= ${formatMs(self + workers)}, so ≥ ${formatMs((self + workers) / 2)} of wall per run on 2 cores ` +
        `(node:vm's whole run: ${cell(m.vm)}; /proc tick resolution 10 ms over ${runs} runs)`,
    );
  },
};
