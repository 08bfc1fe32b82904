import { randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/** What `/proc/<pid>/stat` says of a process: its state letter and start time (ticks since boot). */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, starttime field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] && fields[19] ? { state: fields[0], start: fields[19] } : null;
  } catch {
    return null;
  }
}

function readOr(read: () => string, fallback: string): string {
  try {
    return read();
  } catch {
    return fallback;
  }
}

let place: string | null = null;

/**
 * Where this process's pids mean something: `<hostname>/<kernel boot id>/<pid namespace>`. Two
 * processes compare pids only when their places are equal: same kernel boot (a reboot frees every
 * pid) and same pid namespace (containers on one machine number their processes apart). A part
 * that cannot be read (not Linux) is `?`, and a place holding one is never trusted.
 */
export function processPlace(): string {
  if (place !== null) return place;
  const host = hostname().replace(/[:/]/g, '_') || '?';
  const boot = readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), '?');
  const ns = readOr(() => /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '?', '?');
  place = `${host}/${boot || '?'}/${ns}`;
  return place;
}

/**
 * A token naming this process as the holder of a claim or lock: `place:pid:start:random`. The
 * random part tells apart two holders in one process; place, pid and start time let a later
 * process in the same place see that the holder is gone, even after its pid was reused.
 */
export function processHolder(): string {
  return `${processPlace()}:${process.pid}:${procStat(process.pid)?.start ?? '?'}:${randomUUID()}`;
}

/**
 * What can be told of a holder from this process: `gone` (certainly exited: its pid is free, now
 * names a process started at another time, or a zombie), `alive` (the same process still runs)
 * or `unknown` (another place, an unreadable part, another format): then only a lease it renews
 * can tell, and the caller waits for that lease to run out.
 */
export type HolderState = 'gone' | 'alive' | 'unknown';

/** Judges a `processHolder` token; see `HolderState`. */
export function holderState(holder: string): HolderState {
  const [where, pidText, start] = holder.split(':');
  const pid = Number(pidText);
  if (where !== processPlace() || where.includes('?')) return 'unknown';
  if (!Number.isSafeInteger(pid) || pid <= 0 || !start || start === '?') return 'unknown';
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists under another user; anything else tells nothing.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code !== 'EPERM') return 'unknown';
  }
  const now = procStat(pid);
  if (now === null) return 'unknown';
  if (now.start !== start || now.state === 'Z' || now.state === 'X') return 'gone';
  return 'alive';
}

/** True only when `holder` certainly names a process that no longer runs (`holderState`). */
export function holderGone(holder: string): boolean {
  return holderState(holder) === 'gone';
}
