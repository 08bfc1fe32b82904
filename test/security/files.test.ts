import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime } from '@warden/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_APP } from '../support/test-runtime.js';

// Files an app definition or a database path points at: hook scripts outside the app's folder,
// files that are not what they claim to be.
const base = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
const SECRET = 'TOKEN_A1 TOKEN_B2 hunter2';

describe('hook script paths stay inside the app folder', () => {
  let root: string;
  let dir: string;
  let secret: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warden-files-'));
    dir = join(root, 'app');
    mkdirSync(join(dir, 'hooks'), { recursive: true });
    mkdirSync(join(root, 'private'));
    secret = join(root, 'private', 'secret.js');
    writeFileSync(secret, SECRET);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const open = (hooks: unknown[]) => {
    const app = join(dir, 'app.json');
    writeFileSync(app, JSON.stringify({ ...base, hooks }));
    return createRuntime({
      database: join(dir, 'app.db'),
      app,
      executor: { workers: 1 },
      passwords: { ln: 12 },
      mail: { dispatch: false },
      logger: { error: () => {} },
    });
  };
  const hook = (name: string, script: string) => ({ name, event: 'record.created', when: 'before', script });

  /** Opening with this hook fails with a coded badRequest on `hooks[0].script` that names the hook and the path as written. */
  async function refused(script: string, code: string) {
    const error = await open([hook('steal', script)]).then(
      async (rt) => {
        await rt.close();
        return null;
      },
      (e) => e,
    );
    expect(error, script).not.toBeNull();
    expect(error.code).toBe('badRequest');
    expect(error.errors).toEqual([{ field: 'hooks[0].script', code, message: expect.any(String) }]);
    expect(error.message).toContain("(hook 'steal')");
    expect(error.message).toContain(`'${script}'`);
    expect(error.message).not.toContain('TOKEN_');
    expect(error.message.replace(`'${script}'`, '')).not.toContain(root);
    return error;
  }

  it('refuses a relative path that climbs out, and an absolute one, naming the hook and the path as written', async () => {
    await refused('../../../../etc/passwd', 'outsideApp');
    await refused('../private/secret.js', 'outsideApp');
    await refused('hooks/../../private/secret.js', 'outsideApp');
    await refused(secret, 'outsideApp');
    // Absolute is refused even when it points inside the folder: paths are relative to it.
    writeFileSync(join(dir, 'hooks', 'ok.js'), 'return 1;');
    await refused(join(dir, 'hooks', 'ok.js'), 'outsideApp');
  });

  it('refuses a symlink inside the folder that leads out, to a file or through a folder', async () => {
    symlinkSync(secret, join(dir, 'hooks', 'link.js'));
    await refused('hooks/link.js', 'outsideApp');
    symlinkSync(join(root, 'private'), join(dir, 'shared'));
    await refused('shared/secret.js', 'outsideApp');
    // A link that stays inside is fine.
    writeFileSync(join(dir, 'hooks', 'real.js'), 'return 1;');
    symlinkSync(join(dir, 'hooks', 'real.js'), join(dir, 'alias.js'));
    const rt = await open([hook('fine', 'alias.js')]);
    expect(rt.hooks.list().map((h) => h.name)).toEqual(['fine']);
    await rt.close();
  });

  it('reads only regular .js files: no dotfiles, no FIFOs', async () => {
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=hunter2');
    await refused('.env', 'invalid');
    await refused('app.json', 'invalid');
    execFileSync('mkfifo', [join(dir, 'hooks', 'pipe.js')]);
    const started = Date.now();
    await refused('hooks/pipe.js', 'invalid');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a hook file that does not compile fails with V8's reason and its line, never the file's text", async () => {
    writeFileSync(join(dir, 'hooks', 'leak.js'), `// header\n${SECRET}\n`);
    const rt = await open([
      { name: 'leak', event: 'record.created', entity: 'companies', when: 'before', script: 'hooks/leak.js' },
    ]);
    try {
      const error = await rt
        .run("var c = sys.data.createRecord('companies'); c.field('name').val('x'); sys.data.save(c);")
        .catch((e) => e);
      expect(error.code).toBe('javascriptException');
      expect(error.message).toMatch(/^hook 'leak' failed: SyntaxError: Unexpected identifier \(leak\.js:2\)/);
      expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/TOKEN_|hunter2/);
    } finally {
      await rt.close();
    }
  });
});
