import { USAGE } from './usage.js';

/**
 * The usage text of one command: the USAGE lines under "Commands:" whose first word is `name`, with
 * their indented options. Derived from USAGE so a command documented there has its own help.
 */
export function commandHelp(name: string): string | undefined {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Commands:'));
  const picked: string[] = [];
  let inside = false;
  for (const line of lines.slice(start + 1)) {
    const command = /^ {2}(\S+)/.exec(line);
    if (command) inside = command[1] === name;
    if (inside && line.trim() !== '') picked.push(line);
  }
  return picked.length ? `Usage: warden ${name} [options]\n\n${picked.join('\n')}\n` : undefined;
}

/** True when a command's arguments ask for its help (`--help` or `-h` anywhere). */
export const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');
