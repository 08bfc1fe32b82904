import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Scripts written the way real Slingr code uses the API, each run through the real `warden run`
// on a fresh database. A script's header says what it follows and what it must give:
//   // follows: <the public page or file whose usage it copies the manner of>
//   // app: <name of test/compat/apps/NAME.json>
//   // expect: <JSON of the returned value>        or   // expect-error: <code>
//   // as: <email>  (optional: run as this user; the script's app must create it in a fixture)

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SCRIPTS = join(HERE, 'scripts');

export interface CompatScript {
  file: string;
  follows: string;
  app: string;
  expect?: unknown;
  expectError?: string;
  entity?: string;
}

/** Reads a script's header lines (`// key: value`) up to its first line of code. */
export function parseHeader(file: string, source: string): CompatScript {
  const head: Record<string, string> = {};
  for (const line of source.split('\n')) {
    const m = /^\/\/\s*([a-z-]+):\s*(.*)$/.exec(line.trim());
    if (!m) break;
    head[m[1]!] = m[2]!.trim();
  }
  if (!head.follows) throw new Error(`${file}: the header names no 'follows:' source`);
  if (!head.app) throw new Error(`${file}: the header names no 'app:'`);
  if (head.expect === undefined && head['expect-error'] === undefined) {
    throw new Error(`${file}: the header has neither 'expect:' nor 'expect-error:'`);
  }
  return {
    file,
    follows: head.follows,
    app: head.app,
    expect: head.expect === undefined ? undefined : JSON.parse(head.expect),
    expectError: head['expect-error'],
    entity: head.entity,
  };
}

function warden(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const files = readdirSync(SCRIPTS)
  .filter((f) => f.endsWith('.js'))
  .sort();
const dir = mkdtempSync(join(tmpdir(), 'warden-compat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent('Slingr scripts run unchanged through warden run', () => {
  it('the corpus holds at least 60 scripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(Number(process.env.WARDEN_COMPAT_MIN ?? 60));
  });

  for (const file of files) {
    it(file, { timeout: 120_000 }, async () => {
      const script = parseHeader(file, readFileSync(join(SCRIPTS, file), 'utf8'));
      const args = [
        'run',
        join(SCRIPTS, file),
        '--app',
        join(HERE, 'apps', `${script.app}.json`),
        '--db',
        join(dir, `${file}.db`),
        '--json',
        ...(script.entity ? ['--entity', script.entity] : []),
      ];
      const r = await warden(args);
      const last = r.out.trim().split('\n').at(-1) ?? '';
      let answer: { result?: unknown; error?: { code: string; message: string } };
      try {
        answer = JSON.parse(last);
      } catch {
        throw new Error(`${file}: no JSON answer (exit ${r.code})\n${r.out}\n${r.err}`);
      }
      if (script.expectError !== undefined) {
        expect(answer.error?.code, `${file}: ${JSON.stringify(answer)}`).toBe(script.expectError);
        expect(r.code).toBe(1);
      } else {
        expect(answer.error, `${file}: ${answer.error?.message}`).toBeUndefined();
        expect(answer.result).toEqual(script.expect);
        expect(r.code).toBe(0);
      }
    });
  }
});
