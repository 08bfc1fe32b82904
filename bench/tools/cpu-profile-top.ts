// Prints where a .cpuprofile spends its time: the top functions by self time and by total time.
// Usage: node --import tsx bench/tools/cpu-profile-top.ts <file.cpuprofile> [count]
// (Profiles come from `node --cpu-prof`; for worker processes set NODE_OPTIONS=--cpu-prof.)
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, countArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [count]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(countArg ?? 25);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const name = (n: ProfileNode) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url
    ? `${url.replace(/^.*\/(packages|runtime|bench|node_modules)\//, '$1/')}:${lineNumber + 1}`
    : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  all += dt;
  const leaf = byId.get(id)!;
  self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const key = name(byId.get(n)!);
    if (!seen.has(key)) total.set(key, (total.get(key) ?? 0) + dt);
    seen.add(key);
  }
});

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms)`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${((us / all) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`,
    );
  }
};
print('self time', self);
print('total time', total);
