import { type Summary, summarize } from './stats.js';

/** One implementation of a workload: does `ops` operations, returns a value the others must match. */
export type Subject = (round: number) => unknown | Promise<unknown>;

export interface CompareOptions {
  /** Untimed rounds first (JIT, caches, the workers' first isolate). */
  warmup: number;
  rounds: number;
  /** Operations one round performs, for per-op times. */
  ops: number;
  /** Untimed reset before every round of every subject (e.g. empty a table). */
  before?: (name: string, round: number) => void | Promise<void>;
}

/** What one subject measured: time per operation (ms) and its throughput. */
export interface Measured {
  perOp: Summary;
  opsPerSecond: number;
  check: unknown;
}

/**
 * Times every subject for the same rounds, interleaved and in a rotating order, so that noise from
 * other processes on the machine hits all of them alike; ratios of medians are what we report.
 * Throws when the subjects disagree on their result: a benchmark of a wrong answer is worthless.
 */
export async function compare(
  subjects: Record<string, Subject>,
  options: CompareOptions,
): Promise<Record<string, Measured>> {
  const names = Object.keys(subjects);
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  const checks = new Map<string, unknown>();
  for (let round = -options.warmup; round < options.rounds; round++) {
    const order = names.map((_, i) => names[(i + Math.max(round, 0)) % names.length]!);
    for (const name of order) {
      await options.before?.(name, round);
      const started = performance.now();
      const check = await subjects[name]!(round);
      const elapsed = performance.now() - started;
      if (round >= 0) times.get(name)!.push(elapsed / options.ops);
      checks.set(name, check);
    }
  }
  assertAgree(checks);
  const out: Record<string, Measured> = {};
  for (const name of names) {
    const perOp = summarize(times.get(name)!);
    out[name] = { perOp, opsPerSecond: 1000 / perOp.median, check: checks.get(name) };
  }
  return out;
}

function assertAgree(checks: Map<string, unknown>): void {
  const [first, ...rest] = [...checks.entries()].filter(([, v]) => v !== undefined);
  if (!first) return;
  for (const [name, value] of rest) {
    // Compared as JSON: a node:vm result lives in another realm, with other prototypes.
    if (JSON.stringify(value) !== JSON.stringify(first[1])) {
      throw new Error(
        `bench: ${name} returned ${JSON.stringify(value)} but ${first[0]} returned ${JSON.stringify(first[1])}`,
      );
    }
  }
}

/** How fast `subject` is relative to `baseline`: 1 = as fast, 0.5 = half the throughput. */
export function speedRatio(subject: Measured, baseline: Measured): number {
  return baseline.perOp.median / subject.perOp.median;
}
