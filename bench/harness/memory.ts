import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident set size of this process so far (bytes). */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export interface ChildMemory {
  pid: number;
  /** Peak RSS (VmHWM) and current RSS (VmRSS), bytes. */
  peak: number;
  current: number;
}

/**
 * Memory of this process's children whose command line contains `marker` (the executor's workers
 * run `worker-main`), read from /proc because the runtime does not expose worker pids; other
 * children (tsx's esbuild service) are left out. Empty on systems without /proc.
 */
export function childMemory(marker = 'worker-main'): ChildMemory[] {
  const out: ChildMemory[] = [];
  for (const pid of childPids(marker)) {
    const status = readStatus(String(pid));
    if (status) out.push({ pid, peak: kb(status.VmHWM), current: kb(status.VmRSS) });
  }
  return out;
}

/** Pids of this process's children whose command line contains `marker`, ascending. */
export function childPids(marker = 'worker-main'): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(entry);
    if (!status || Number(status.PPid) !== process.pid || !commandLine(entry).includes(marker)) continue;
    out.push(Number(entry));
  }
  return out.sort((a, b) => a - b);
}

function readStatus(pid: string): Record<string, string> | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const fields: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
    }
    return fields;
  } catch {
    return null; // the process ended while we looked
  }
}

function commandLine(pid: string): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

const kb = (value: string | undefined) => (value ? Number.parseInt(value, 10) * 1024 : 0);

/** Samples `fn`'s largest RSS and heap while it runs, by polling from inside the loop it drives. */
export function memorySampler() {
  let rss = 0;
  let heap = 0;
  return {
    sample() {
      const m = process.memoryUsage();
      rss = Math.max(rss, m.rss);
      heap = Math.max(heap, m.heapUsed);
    },
    get maxRss() {
      return rss;
    },
    get maxHeap() {
      return heap;
    },
  };
}
