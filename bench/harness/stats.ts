/** Order statistics of repeated timings, and the few formats the tables use. */

export interface Summary {
  /** Median of the samples (ms). */
  median: number;
  p10: number;
  p90: number;
  p99: number;
  samples: number;
}

/** Median, p10, p90 and p99 (nearest rank on the sorted samples). */
export function summarize(samplesMs: number[]): Summary {
  if (samplesMs.length === 0) throw new Error('summarize: no samples');
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p10: at(0.1), p90: at(0.9), p99: at(0.99), samples: sorted.length };
}

/** A duration in the unit that keeps three significant digits readable. */
export function formatMs(ms: number): string {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** Operations per second, shortened (`412k/s`). */
export function formatRate(opsPerSecond: number): string {
  if (opsPerSecond >= 1e6) return `${(opsPerSecond / 1e6).toPrecision(3)}M/s`;
  if (opsPerSecond >= 1e3) return `${(opsPerSecond / 1e3).toPrecision(3)}k/s`;
  return `${opsPerSecond.toPrecision(3)}/s`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${Math.round(bytes)} B`;
}

export function formatPercent(ratio: number): string {
  // Rounded down, so that a ratio just under a target (49.8%) never prints as the target.
  return `${Math.floor(ratio * 100 + 1e-9)}%`;
}
