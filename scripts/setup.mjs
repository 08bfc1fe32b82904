// Makes a fresh clone runnable: pnpm itself, then the workspace's dependencies (native builds
// of better-sqlite3 and isolated-vm included). Cheap when nothing changed.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const has = (cmd) => {
  try {
    execSync(`${cmd} --version`, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

if (!has('pnpm')) {
  console.log('setup: installing pnpm 10');
  run('npm install --global pnpm@10');
}

const stamp = 'node_modules/.warden-setup';
const lock = existsSync('pnpm-lock.yaml') ? readFileSync('pnpm-lock.yaml') : Buffer.from('');
const digest = createHash('sha256').update(lock).digest('hex');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== digest) {
  console.log('setup: installing dependencies');
  run('pnpm install --frozen-lockfile');
  writeFileSync(stamp, digest);
}
