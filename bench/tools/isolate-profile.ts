import type ivm from 'isolated-vm';

/** A profile node's call frame as V8 writes it (isolated-vm's type misspells `lineNumber`). */
type Frame = { functionName: string; url: string; lineNumber: number };

/** Prints the `n` functions with the most self time in a CPU profile from isolated-vm's profiler. */
export function printTopSelf(profile: ivm.CpuProfile, n: number): void {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame as unknown as Frame]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    const key = `${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const all = [...self.values()].reduce((a, b) => a + b, 0);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`   ${((us / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
