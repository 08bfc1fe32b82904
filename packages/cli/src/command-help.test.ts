import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';
import { commandHelp } from './command-help.js';
import type { Output } from './output.js';

/** Runs `cli` in-process with a command table that fails if a command is entered. */
async function run(argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const out: Output = { line: (t) => lines.push(t), error: (t) => errors.push(t) };
  const entered = () => {
    throw new Error('the command ran instead of its help');
  };
  const code = await cli(argv, { run: entered, init: entered, mail: entered, users: entered }, out);
  return { code, out: lines.join('\n'), err: errors.join('\n') };
}

describe('command help', () => {
  it('every command answers --help, -h and `help CMD` with its own usage, exit 0', async () => {
    for (const name of ['run', 'init', 'mail', 'users']) {
      for (const argv of [
        [name, '--help'],
        [name, 'x', '-h'],
        ['help', name],
      ]) {
        const r = await run(argv);
        expect(r.code, argv.join(' ')).toBe(0);
        expect(r.out.startsWith(`Usage: warden ${name} [options]`)).toBe(true);
        expect(r.out).not.toContain('Commands:');
      }
    }
  });

  it("a command's help holds its options and only its lines", () => {
    const run = commandHelp('run')!;
    expect(run).toContain('--timeout MS');
    expect(run).not.toContain('users list');
    const users = commandHelp('users')!;
    for (const sub of ['list', 'show', 'sign-in', 'create', 'delete', 'set-password', 'groups', 'import'])
      expect(users).toContain(`users ${sub}`);
    expect(commandHelp('bogus')).toBeUndefined();
  });
});
