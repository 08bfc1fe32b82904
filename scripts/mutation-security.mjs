// Mutation testing of the security-relevant files, one Stryker run per file with that file's own
// tests (stryker.security.config.mjs), then a table of the scores. Not part of `pnpm test`.
// Usage: node scripts/mutation-security.mjs [file…]   (default: every file of SECURITY_TARGETS)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SECURITY_TARGETS } from '../stryker.security.config.mjs';

const files = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(SECURITY_TARGETS);
const rows = [];
for (const file of files) {
  const started = Date.now();
  const run = spawnSync('pnpm', ['exec', 'stryker', 'run', 'stryker.security.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, STRYKER_TARGET: file },
  });
  if (run.status !== 0) {
    rows.push({ file, score: 'failed', minutes: ((Date.now() - started) / 60_000).toFixed(1) });
    continue;
  }
  const name = file.replace(/^.*\//, '').replace(/\.ts$/, '');
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  const count = (status) =>
    Object.values(report.files).reduce((n, f) => n + f.mutants.filter((m) => m.status === status).length, 0);
  const killed = count('Killed') + count('Timeout');
  const survived = count('Survived') + count('NoCoverage');
  const score = ((100 * killed) / Math.max(1, killed + survived)).toFixed(1);
  rows.push({ file, killed, survived, score, minutes: ((Date.now() - started) / 60_000).toFixed(1) });
}
console.table(rows);
