import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/** A throwaway PostgreSQL cluster on loopback. */
export interface Cluster {
  /** `postgres://warden@127.0.0.1:PORT/postgres`: the superuser `warden`, trust authentication. */
  readonly url: string;
  readonly port: number;
  /** Stops the server at once and removes its folder. */
  stop(): void;
}

const RUN_PREFIX = 'warden-pg-run-';

/** The folder holding `initdb` and `pg_ctl`: the PATH first, then Debian's `/usr/lib/postgresql/N/bin`. */
export function findPostgresBin(): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    dirs.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  return dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL program; as root it runs as the `postgres` user, since the server refuses root. */
function pgRun(bin: string, program: string, args: string[]): string {
  const [cmd, full] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
    : [join(bin, program), args];
  return execFileSync(cmd, full, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function giveToPostgres(path: string): void {
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:', path]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Stops and removes clusters whose owning process died without stopping them (a killed test run). */
function sweepOrphans(bin: string): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(RUN_PREFIX))) {
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, 'owner');
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
    if (owner > 0 && alive(owner)) continue;
    try {
      if (existsSync(join(dir, 'data', 'postmaster.pid')))
        pgRun(bin, 'pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An initialized data folder, made once per machine and user and copied for each cluster (initdb takes seconds). */
function template(bin: string): string {
  const version = /\d+(?:\.\d+)?/.exec(pgRun(bin, 'pg_ctl', ['--version']))?.[0] ?? 'x';
  const path = join(tmpdir(), `warden-pg-template-${version}-${userInfo().uid}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  const staging = mkdtempSync(`${path}-staging-`);
  giveToPostgres(staging);
  pgRun(bin, 'initdb', [
    '-D',
    join(staging, 'data'),
    '--auth=trust',
    '-U',
    'warden',
    '-E',
    'UTF8',
    '--no-sync',
    '--locale=C',
  ]);
  try {
    renameSync(join(staging, 'data'), path);
  } catch {
    // Another process made it first.
  }
  rmSync(staging, { recursive: true, force: true });
  return path;
}

/**
 * Starts a throwaway cluster on 127.0.0.1 (a free port; its socket in its own folder), as the
 * `postgres` user when run as root. Durability is off (`fsync`, `full_page_writes`): it is for tests.
 */
export async function startCluster(bin = findPostgresBin()): Promise<Cluster> {
  if (!bin)
    throw new Error(
      'startCluster: PostgreSQL is not installed (no initdb and pg_ctl on the PATH or in /usr/lib/postgresql/*/bin)',
    );
  sweepOrphans(bin);
  const source = template(bin);
  const dir = mkdtempSync(join(tmpdir(), RUN_PREFIX));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  cpSync(source, join(dir, 'data'), { recursive: true });
  giveToPostgres(dir);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
    '-c shared_buffers=32MB',
    '-c max_connections=200',
  ];
  pgRun(bin, 'pg_ctl', [
    '-D',
    join(dir, 'data'),
    '-o',
    options.join(' '),
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '30',
    'start',
  ]);
  let stopped = false;
  return {
    url: `postgres://warden@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgRun(bin, 'pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
