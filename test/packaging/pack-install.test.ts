import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableBlocks } from '../support/readme-blocks.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
/**
 * A child process that leaves this worker's event loop free (a long spawnSync starves vitest's
 * worker RPC, which then fails the run).
 */
function run(cmd: string, args: string[], cwd: string, timeoutMs: number) {
  return new Promise<{ status: number | null; out: string }>((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: userEnv,
      timeout: timeoutMs,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (status) => resolve({ status, out }));
  });
}

/** The environment a user's shell has: none of the npm_/pnpm_ settings the test runner inherited. */
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)),
) as NodeJS.ProcessEnv;

/** The workspace's packages that are not private: each must be packed. */
function publicPackages(): string[] {
  const folders = ['runtime', ...readdirSync(join(ROOT, 'packages')).map((d) => join('packages', d))];
  return folders
    .map((f) => JSON.parse(readFileSync(join(ROOT, f, 'package.json'), 'utf8')))
    .filter((pkg) => pkg.private !== true)
    .map((pkg) => pkg.name as string)
    .sort();
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} m ${Math.round((ms % 60_000) / 1000)} s`;

/** The packages as users get them: packed, checked, installed with npm into an empty project. */
describe('packed packages in an empty project', () => {
  let dir: string;
  let tarballs: string[];
  let project: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-pack-'));
    const packed = await run(process.execPath, ['scripts/pack.mjs', join(dir, 'packs')], ROOT, 5 * 60_000);
    expect(packed.status, packed.out).toBe(0);
    tarballs = packed.out.split('\n').filter((line) => line.endsWith('.tgz'));
    project = join(dir, 'project');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs every public package, without tests, fixtures or workspace: ranges', () => {
    const names = tarballs.map((t) =>
      t
        .split('/')
        .at(-1)!
        .replace(/^warden-/, '@warden/')
        .replace(/-\d+\.\d+\.\d+\.tgz$/, ''),
    );
    expect(names.sort()).toEqual(publicPackages());
    for (const tarball of tarballs) {
      const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' });
      expect(files, tarball).not.toMatch(/\.test\.|\/testing\/|fixture|test-kit|tsbuildinfo|\/src\/.*\.ts$/);
      const manifest = execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], {
        encoding: 'utf8',
      });
      expect(manifest, tarball).not.toContain('workspace:');
      expect(manifest, tarball).not.toContain('@warden/source');
    }
  });

  it('publint and arethetypeswrong find no problem in any tarball', async () => {
    for (const tarball of tarballs) {
      const lint = await run(join(BIN, 'publint'), ['run', tarball, '--strict'], ROOT, 120_000);
      expect(lint.status, lint.out).toBe(0);
      // ESM-only packages: node16 from CommonJS needs a dynamic import, which attw reports; esm-only ignores it.
      const types = await run(
        join(BIN, 'attw'),
        [tarball, '--profile', 'esm-only', '--format', 'ascii'],
        ROOT,
        120_000,
      );
      expect(types.status, types.out).toBe(0);
    }
  });

  it('npm install of the tarballs builds the addons; the README example and npx warden run work there', async () => {
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      '{ "name": "consumer", "private": true, "type": "module" }\n',
    );
    const started = Date.now();
    // npm's own cache (~/.npm) keeps the registry tarballs between runs; the native builds happen each time.
    const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs];
    const install = await run('npm', args, project, 20 * 60_000);
    expect(install.status, install.out).toBe(0);
    console.log(
      `pack-install: npm install of the ${tarballs.length} tarballs took ${minutes(Date.now() - started)}`,
    );
    // @warden/sandbox's postinstall patched isolated-vm (npm hides script output; the source tells).
    const ivm = join(project, 'node_modules', 'isolated-vm', 'src', 'isolate', 'environment.cc');
    expect(readFileSync(ivm, 'utf8')).toContain('Held strongly until TaskEpilogue');
    expect(existsSync(join(project, 'node_modules', '.bin', 'warden'))).toBe(true);
    expect(readdirSync(join(project, 'node_modules', '@warden', 'sandbox', 'dist'))).not.toContain(
      'executor.test.js',
    );

    const example = runnableBlocks().find((b) => b.kind === 'module')!;
    writeFileSync(join(project, 'example.mjs'), example.code);
    const ran = spawnSync(process.execPath, ['example.mjs'], {
      cwd: project,
      env: userEnv,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('[INFO] saved ACME as admin@example.com\ncompanies: 1\n');

    writeFileSync(join(project, 'hello.js'), "log('hello from ' + typeof sys.data.find); return 6 * 7;\n");
    const cli = spawnSync('npx', ['warden', 'run', 'hello.js', '--db', 'cli.db'], {
      cwd: project,
      env: userEnv,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toBe('[INFO] hello from function\n42\n');
    expect(
      spawnSync('npx', ['warden', 'run', '--help'], { cwd: project, env: userEnv, encoding: 'utf8' }).status,
    ).toBe(0);
  });
});
