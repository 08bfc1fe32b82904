import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pick, type Workload } from '../harness/workload.js';
import { cpuJob } from './cpu-scripts.js';

const IN_FLIGHT = 4;

/**
 * The host's event-loop delay while 2 workers run CPU-bound scripts flat out (always 4 runs in
 * flight). For contrast, the same scripts in node:vm on the host's own thread.
 */
export const eventLoopDelay: Workload = {
  name: 'eventloop',
  async run(env, report) {
    const seconds = pick(env, 10, 1);
    const runtime = await env.runtime(2);
    const vm = await env.vm();

    const warden = await measureDelay(seconds, async (i) => {
      await runtime.run(cpuJob(i));
    });
    const inProcess = await measureDelay(pick(env, 3, 0.5), async (i) => {
      await new Promise((done) => setImmediate(done));
      vm(cpuJob(i), {}, { transaction: false });
    });
    report.rows.push({
      workload: `host event-loop delay while 2 workers run scripts flat out for ${seconds} s (p99)`,
      warden: `${warden.p99.toFixed(2)} ms`,
      vm: `max ${inProcess.max.toFixed(0)} ms (same thread)`,
      ratio: `p99 ${warden.p99.toFixed(2)} ms`,
      target: { text: 'p99 < 10 ms', met: (v) => v < 10 },
      value: warden.p99,
    });
    report.notes.push(
      `event-loop delay, 2 workers busy: p50 ${warden.p50.toFixed(2)} ms, p99 ${warden.p99.toFixed(2)} ms, ` +
        `max ${warden.max.toFixed(2)} ms over ${warden.runs} runs; the same scripts in node:vm on the host thread: max ${inProcess.max.toFixed(0)} ms ` +
        `(${inProcess.samples} samples: a blocked loop hardly samples at all)`,
    );
  },
};

/** Keeps IN_FLIGHT jobs going for `seconds` while sampling the event loop every millisecond. */
async function measureDelay(seconds: number, job: (i: number) => Promise<void>) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  histogram.enable();
  const lane = async () => {
    while (performance.now() < deadline) await job(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  histogram.disable();
  const ms = (ns: number) => ns / 1e6;
  return {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
    samples: histogram.count,
    runs: next,
  };
}
