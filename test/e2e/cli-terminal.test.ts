import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_APP } from '../support/test-runtime.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'packages', 'cli', 'src', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The real `warden` command in its own process. */
function warden(args: string[], cwd: string) {
  const r = spawnSync(
    process.execPath,
    ['--no-node-snapshot', '--conditions=@warden/source', '--import', TSX, MAIN, ...args],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Every byte a terminal acts on, other than the CLI's own line ends: C0 but \n, DEL, C1, bidi.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must never reach the terminal
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// Text a script controls: an ANSI colour, a screen clear, an OSC title, an 8-bit CSI, a bidi
// override, a carriage return, and a newline followed by a forged entry.
const HOSTILE = [
  '\u001b[31mred\u001b[0m',
  '\u001b[2J\u001b[H',
  '\u001b]0;owned\u0007',
  '\u009b31m',
  'abc\u202eevil',
  'over\rwrite',
  'ok\n[ERROR] forged',
];

describe('warden CLI: text from scripts and users reaches the terminal escaped', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-cli-term-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('run: each log entry is one visible line, control characters written as escapes', () => {
    const script = join(dir, 'logs.js');
    writeFileSync(
      script,
      `var hostile = ${JSON.stringify(HOSTILE)};\nhostile.forEach(function (h) { log(h); });\nsys.logs.error('x\\ny');\nreturn 'done\\n[INFO] forged\\u001b[0m';\n`,
    );
    const r = warden(['run', script, '--db', join(dir, 'logs.db')], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toEqual([
      '[INFO] \\x1b[31mred\\x1b[0m',
      '[INFO] \\x1b[2J\\x1b[H',
      '[INFO] \\x1b]0;owned\\x07',
      '[INFO] \\x9b31m',
      '[INFO] abc\\u202eevil',
      '[INFO] over\\rwrite',
      '[INFO] ok\\n[ERROR] forged',
      '[ERROR] x\\ny',
      'done\\n[INFO] forged\\x1b[0m',
    ]);
  });

  it('run: a returned object keeps its JSON layout, with C1 and bidi characters in its strings escaped', () => {
    const script = join(dir, 'value.js');
    writeFileSync(script, "return { a: '\\u009b2J', b: 'x\\u202ey', c: 1 };\n");
    const r = warden(['run', script, '--db', join(dir, 'value.db')], dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.out).toBe('{\n  "a": "\\x9b2J",\n  "b": "x\\u202ey",\n  "c": 1\n}\n');
  });

  it('run: a failing script prints its error on one visible line', () => {
    const script = join(dir, 'fail.js');
    writeFileSync(script, "throw new Error('bad\\n[INFO] all good\\u001b]0;t\\u0007');\n");
    const r = warden(['run', script, '--db', join(dir, 'fail.db')], dir);
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err.trimEnd().split('\n')).toEqual([
      'javascriptException: Error: bad\\n[INFO] all good\\x1b]0;t\\x07 (fail.js:1)',
    ]);
  });

  it('--json stays one parseable object per line, with DEL, C1 and bidi characters as \\u escapes', () => {
    const script = join(dir, 'json.js');
    writeFileSync(script, `log(${JSON.stringify(HOSTILE.join('|'))});\nreturn '\\u007f\\u009b';\n`);
    const r = warden(['run', script, '--json', '--db', join(dir, 'json.db')], dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    const lines = r.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ level: 'INFO', message: HOSTILE.join('|') }),
      { result: '\u007f\u009b' },
    ]);
  });

  it('users list and show escape names a script stored', () => {
    const db = join(dir, 'users.db');
    const app = join(dir, 'app.json');
    writeFileSync(app, readFileSync(EXAMPLE_APP));
    const create = join(dir, 'create.js');
    writeFileSync(
      create,
      "var u = sys.data.createRecord('sys.users');\nu.field('firstName').val('Eve\\u001b[2J');\nu.field('lastName').val('X\\n[ERROR] forged\\u009b');\nu.field('email').val('eve@x.io');\nsys.data.save(u);\n",
    );
    expect(warden(['run', create, '--db', db, '--app', app], dir).code).toBe(0);
    const list = warden(['users', 'list', '--db', db, '--app', app], dir);
    expect(list.code).toBe(0);
    expect(list.out).not.toMatch(RAW_CONTROL);
    expect(list.out.trimEnd().split('\n')).toHaveLength(1);
    expect(list.out).toContain('Eve\\x1b[2J X\\n[ERROR] forged\\x9b');
    const show = warden(['users', 'show', 'eve@x.io', '--db', db, '--app', app], dir);
    expect(show.code).toBe(0);
    expect(show.out).not.toMatch(RAW_CONTROL);
    expect(show.out).toContain('name: "Eve\\u001b[2J X\\n[ERROR] forged\\u009b"');
    const missing = warden(['users', 'show', 'nobody\u001b[2J@x.io', '--db', db, '--app', app], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).not.toMatch(RAW_CONTROL);
    expect(missing.err).toContain("no user with email 'nobody\\x1b[2J@x.io'");
  });
});
