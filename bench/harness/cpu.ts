import { readFileSync } from 'node:fs';
import { childPids } from './memory.js';

/** CPU time used so far (ms, user + system, every thread): this process, and its workers together. */
export interface CpuTimes {
  self: number;
  workers: number;
}

// /proc/<pid>/stat counts in clock ticks; Linux reports them at 100 per second (USER_HZ).
const TICK_MS = 10;

/** This process's CPU time and that of its children running `marker` (0 for them without /proc). */
export function cpuTimes(marker = 'worker-main'): CpuTimes {
  const { user, system } = process.cpuUsage();
  let workers = 0;
  for (const pid of childPids(marker)) workers += ticksOf(pid) * TICK_MS;
  return { self: (user + system) / 1000, workers };
}

function ticksOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // the process ended while we looked
  }
}
