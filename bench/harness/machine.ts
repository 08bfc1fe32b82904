import { readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/** One line naming the machine, for the README: cores, CPU model, memory, Node. */
export function describeMachine(): string {
  let cpu = 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]!.trim();
  } catch {
    // not Linux: leave it unknown
  }
  const gb = (totalmem() / 1024 ** 3).toFixed(1);
  return `nproc ${availableParallelism()}, ${cpu}, ${gb} GB RAM, Node ${process.version}`;
}
