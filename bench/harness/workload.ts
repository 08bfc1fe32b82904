import type { RunStats } from '@warden/runtime';
import type { BenchEnv } from '../fixture/bench-env.js';
import { type CompareOptions, type Measured, speedRatio } from './compare.js';
import type { Report, Target } from './report.js';
import { formatBytes, formatMs, formatPercent, formatRate } from './stats.js';

/** One benchmark: measures, then adds rows and notes to the report. */
export interface Workload {
  /** `--only` key. */
  name: string;
  run(env: BenchEnv, report: Report): Promise<void>;
}

/** `full` in a full run, `short` with `--short`. */
export const pick = <T>(env: BenchEnv, full: T, short: T): T => (env.short ? short : full);

/** Rounds of a timed comparison: 1 warm-up + `full` timed in full runs, 1 + 1 in short runs. */
export const rounds = (env: BenchEnv, ops: number, full = 5): CompareOptions => ({
  warmup: 1,
  rounds: env.short ? 1 : full,
  ops,
});

/** A per-op cell: the median, e.g. `3.41 µs`. */
export const cell = (m: Measured | undefined) => (m ? formatMs(m.perOp.median) : undefined);

/** The detail line of one subject: median, p10–p90, throughput. */
export function detail(label: string, m: Measured): string {
  const { median, p10, p90 } = m.perOp;
  return `${label}: ${formatMs(median)}/op (p10 ${formatMs(p10)}, p90 ${formatMs(p90)}), ${formatRate(m.opsPerSecond)}`;
}

/** What one run's host calls cost in bridge traffic, from the run's stats. */
export function bridgeNote(
  label: string,
  stats: { hostCalls: number; argBytes: number; resultBytes: number; wallMs: number },
): string {
  const calls = Math.max(stats.hostCalls, 1);
  return (
    `${label}: ${stats.hostCalls} host calls, ${formatBytes(stats.argBytes / calls)} in + ` +
    `${formatBytes(stats.resultBytes / calls)} out per call; worker-side wall ${formatMs(stats.wallMs)}`
  );
}

const BASELINE_NAMES: Record<string, string> = { direct: 'direct', raw: 'raw SQL', vm: 'node:vm' };

/**
 * Adds the row of a Warden-vs-baselines comparison (ratio = Warden's throughput as a share of
 * `against`'s) and one detail note per subject.
 */
export function addComparison(
  report: Report,
  spec: { workload: string; short: string; m: Record<string, Measured>; against: string; target: Target },
): void {
  const { m, against } = spec;
  const ratio = speedRatio(m.warden!, m[against]!);
  report.rows.push({
    workload: spec.workload,
    warden: cell(m.warden)!,
    raw: cell(m.raw),
    direct: cell(m.direct),
    vm: cell(m.vm),
    ratio: `${formatPercent(ratio)} of ${BASELINE_NAMES[against] ?? against}`,
    target: spec.target,
    value: ratio,
  });
  for (const [name, measured] of Object.entries(m))
    report.notes.push(detail(`${spec.short} ${name}`, measured));
}

/** The Warden side of a one-run workload: runs `script`, keeping the last run's stats for its note. */
export function wardenRun(env: BenchEnv, script: string, params: Record<string, unknown>) {
  let stats: RunStats | undefined;
  return {
    run: async () => {
      const result = await env.run(script, params);
      stats = result.stats;
      return result.value;
    },
    /** The bridge note of the last run, or nothing when it never ran. */
    notes: (label: string) => (stats ? [bridgeNote(label, stats)] : []),
  };
}
