import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** The repository root when this CLI runs from its sources (`pnpm warden`), else null. */
const repoRoot = here.endsWith('.ts') ? resolve(dirname(here), '..', '..', '..') : null;

const onPath = (name: string) =>
  (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));

/** The nearest folder at or above `dir` whose node_modules/.bin has `warden`, or null. */
function localBin(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '.bin', 'warden'))) return d;
    if (dirname(d) === d) return null;
  }
}

/**
 * How a user runs `warden <args>` from `dir`, as they can type it: through the repository's pnpm
 * script when the CLI runs from source, `npx warden` where a project installed it, `warden` when it
 * is on the PATH, else node with this file's path.
 */
export function wardenCommand(dir: string): string {
  if (repoRoot) return `pnpm --dir ${JSON.stringify(repoRoot)} warden`;
  if (localBin(dir)) return 'npx warden';
  if (onPath('warden')) return 'warden';
  return `node ${JSON.stringify(resolve(dirname(here), 'main.js'))}`;
}
