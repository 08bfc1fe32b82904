import { readFileSync } from 'node:fs';
import { isCancel, password } from '@clack/prompts';
import { UsageError } from './cli-args.js';

/** The password piped in: everything on stdin but one trailing newline. */
export function passwordFromStdin(command: string): string {
  const text = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (text.length === 0) throw new UsageError(`${command}: no password on stdin`);
  return text;
}

/**
 * A new password, never from argv: from stdin with `--password-stdin`, else typed twice at a
 * prompt when stdin is a terminal; a usage error otherwise.
 */
export async function readNewPassword(command: string, fromStdin: boolean): Promise<string> {
  if (fromStdin) return passwordFromStdin(command);
  if (!process.stdin.isTTY) {
    throw new UsageError(`${command}: pipe the password with --password-stdin (never on the command line)`);
  }
  const first = await password({ message: 'New password', output: process.stderr });
  if (isCancel(first)) throw new UsageError(`${command}: cancelled`);
  const again = await password({ message: 'Repeat it', output: process.stderr });
  if (isCancel(again)) throw new UsageError(`${command}: cancelled`);
  if (first !== again) throw new UsageError(`${command}: the two passwords differ`);
  return first;
}
