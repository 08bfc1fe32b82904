// Builds the public packages and packs each one as users install it (pnpm pack turns workspace:*
// into the version, applies publishConfig and `files`). Prints the tarballs' paths, one a line.
// Usage: node scripts/pack.mjs [DIR] (default: a new temporary folder).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Public packages, dependencies first. */
export const PUBLIC_PACKAGES = [
  'packages/sys-api',
  'packages/store',
  'packages/mail',
  'packages/users',
  'packages/authz',
  'packages/jobs',
  'packages/sandbox',
  'runtime',
  'packages/server',
  'packages/cli',
];

const root = resolve(import.meta.dirname, '..');

/** Builds and packs every public package into `dir`; returns the tarballs' absolute paths. */
export function packAll(dir) {
  mkdirSync(dir, { recursive: true });
  execFileSync('pnpm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  for (const pkg of PUBLIC_PACKAGES) {
    execFileSync('pnpm', ['pack', '--pack-destination', dir], {
      cwd: join(root, pkg),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => join(dir, f));
}

if (process.argv[1] === import.meta.filename) {
  const dir = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'warden-pack-')));
  for (const tarball of packAll(dir)) console.log(tarball);
}
