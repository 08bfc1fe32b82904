import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The start time of a process in clock ticks since boot (Linux `/proc`), or null when unknown. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * A token naming this process as the holder of a claim: `host:pid:start:random`. The random part
 * tells apart two holders in one process; host, pid and start time let a later process on the same
 * machine see that the holder is gone, even after its pid was reused.
 */
export function processHolder(): string {
  return `${hostname()}:${process.pid}:${startTime(process.pid) ?? '?'}:${randomUUID()}`;
}

/**
 * True only when `holder` certainly names a process that no longer runs: on this machine, with a
 * pid that is free or now belongs to a process started at another time. Holders on other
 * machines, or in an unknown format, are never gone: their claims wait for the lease to run out.
 */
export function holderGone(holder: string): boolean {
  const [host, pidText, start] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isSafeInteger(pid) || pid <= 0 || !start || start === '?') return false;
  if (pid === process.pid) return start !== startTime(pid);
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  const now = startTime(pid);
  return now !== null && now !== start;
}
