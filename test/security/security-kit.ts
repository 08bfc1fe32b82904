import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES, isWardenError } from '@warden/runtime';

/** `WARDEN_FULL=1` runs every suite at its full counts; CI runs the short mode. */
export const FULL = process.env.WARDEN_FULL === '1';

/** The count for this mode. */
export const scale = (short: number, full: number) => (FULL ? full : short);

/** Codes a contained failure may carry: every Warden code except the catch-all. */
export const CONTAINED_CODES: readonly string[] = ERROR_CODES.filter((c) => c !== 'unknownError');

/** True for a WardenError with a known code that is not `unknownError`. */
export function isContained(error: unknown): boolean {
  return isWardenError(error) && CONTAINED_CODES.includes(error.code);
}

/** Host paths, SQL and engine internals that must never reach a script or an embedder's error. */
export const LEAKS =
  /node_modules|\/work\/|\/tmp\/|node:internal|isolated-vm|SELECT |INSERT |json_extract|sqlite/i;

/**
 * Markers a successful escape would change: a file, an environment variable, a host global and
 * `Object.prototype`. `verify()` lists what changed.
 */
export function hostMarkers() {
  const dir = mkdtempSync(join(tmpdir(), 'warden-marker-'));
  const file = join(dir, 'marker.txt');
  const probe = join(dir, 'escaped.txt');
  writeFileSync(file, 'intact');
  process.env.WARDEN_SECURITY_MARKER = 'intact';
  (globalThis as Record<string, unknown>).__hostMarker = 'intact';
  return {
    file,
    probe,
    verify(): string[] {
      const changed: string[] = [];
      if (readFileSync(file, 'utf8') !== 'intact') changed.push('marker file');
      let probeExists = true;
      try {
        readFileSync(probe);
      } catch {
        probeExists = false;
      }
      if (probeExists) changed.push('probe file');
      if (process.env.WARDEN_SECURITY_MARKER !== 'intact') changed.push('environment');
      if ((globalThis as Record<string, unknown>).__hostMarker !== 'intact') changed.push('host global');
      for (const key of ['polluted', 'isAdmin', 'x', 'evil']) {
        if (({} as Record<string, unknown>)[key] !== undefined) changed.push(`Object.prototype.${key}`);
      }
      if (typeof (globalThis as Record<string, unknown>).process !== 'object') changed.push('process');
      return changed;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `check()` holds; throws after `timeoutMs`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'a condition',
) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The child processes of `pid` (default: this process, whose children are a runtime's workers). */
export function childPids(pid = process.pid): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Prints one line of a suite's counts, so the full run's numbers are easy to collect. */
export function report(suite: string, counts: Record<string, number | string>) {
  const parts = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
  console.log(`[security] ${suite}: ${parts.join(' ')}${FULL ? ' (full)' : ' (short)'}`);
}
