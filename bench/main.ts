// The benchmark suite: `pnpm bench` (full, checks targets) or `pnpm bench:short` (small counts, CI).
// It exits non-zero only when something crashes or disagrees, never for a missed target.
import { createBenchEnv } from './fixture/bench-env.js';
import { parseArgs } from './harness/args.js';
import { describeMachine } from './harness/machine.js';
import { childMemory, peakRss } from './harness/memory.js';
import { createReport, missed, renderNotes, renderTable } from './harness/report.js';
import { formatBytes } from './harness/stats.js';
import { WORKLOADS } from './workloads/index.js';

const args = parseArgs(
  process.argv.slice(2),
  WORKLOADS.map((w) => w.name),
);
const selected = WORKLOADS.filter((w) => args.only.length === 0 || args.only.includes(w.name));
const report = createReport(args.short);
const env = createBenchEnv(args.short);
const started = performance.now();

console.log(`# Warden benchmarks (${args.short ? 'short: targets not checked' : 'full'})\n`);
if (args.short) {
  console.log(
    'Short run: small counts on a shared machine; the figures below are not checked against any target\n' +
      'and say nothing about speed. `pnpm bench` measures and checks.\n',
  );
}
console.log(`Machine: ${describeMachine()}\n`);
try {
  for (const workload of selected) {
    const t = performance.now();
    process.stderr.write(`bench: ${workload.name}…`);
    await workload.run(env, report);
    process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  // Worker processes are still alive here: their peak RSS is in /proc.
  for (const child of childMemory()) {
    report.notes.push(
      `worker pid ${child.pid}: peak RSS (VmHWM) ${formatBytes(child.peak)}, now ${formatBytes(child.current)}`,
    );
  }
} finally {
  await env.close();
}
report.notes.push(`bench process peak RSS: ${formatBytes(peakRss())}`);

console.log(renderTable(report));
console.log(`\n${renderNotes(report)}\n`);
const failed = missed(report);
console.log(
  args.short
    ? `Short run: every workload ran (${((performance.now() - started) / 1000).toFixed(1)} s); targets are checked by \`pnpm bench\`.`
    : `${report.rows.length - failed.length} of ${report.rows.length} targets met` +
        `${failed.length ? `; missed: ${failed.map((r) => r.workload).join('; ')}` : ''}.`,
);
