import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRuntime } from '@warden/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableBlocks } from '../support/readme-blocks.js';
import { EXAMPLES } from '../support/test-runtime.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const blocks = runnableBlocks();

describe('README.md runs as written', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'warden-readme-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks the sys tour and the embedding example as runnable', () => {
    expect(blocks.map((b) => b.kind)).toEqual(['script', 'module']);
  });

  it('the sys tour runs on a fresh database with the example app', async () => {
    for (const block of blocks.filter((b) => b.kind === 'script')) {
      const warden = await createRuntime({
        database: join(dir, `script-${block.line}.db`),
        app: join(EXAMPLES, 'app.json'),
        executor: { workers: 1 },
        mail: { dispatch: false },
      });
      try {
        const { logs } = await warden.run(block.code, { filename: `README.md:${block.line}` });
        expect(logs.map((l) => l.message)).toEqual(['reset link sent to ada@example.com']);
        expect(await warden.store.count('sys.users', { email: 'ada@example.com' })).toBe(1);
      } finally {
        await warden.close();
      }
    }
  });

  it('the embedding example runs as a module in an empty folder', () => {
    // The module sits beside this test, where `@warden/runtime` resolves; it runs in its own folder.
    const cwd = mkdtempSync(join(dir, 'app-'));
    for (const block of blocks.filter((b) => b.kind === 'module')) {
      const file = join(import.meta.dirname, `.readme-${block.line}-${process.pid}.mjs`);
      writeFileSync(file, block.code);
      try {
        const r = spawnSync(process.execPath, ['--conditions=@warden/source', '--import', TSX, file], {
          cwd,
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe('[INFO] saved ACME as admin@example.com\ncompanies: 1\n');
      } finally {
        rmSync(file, { force: true });
      }
    }
  });
});
