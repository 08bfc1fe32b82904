import { isWardenError } from '@warden/runtime';
import { UsageError } from './cli-args.js';
import { commandHelp, wantsHelp } from './command-help.js';
import { type Output, stdio } from './output.js';
import { visible } from './terminal-text.js';
import { USAGE } from './usage.js';

export type Command = (argv: string[], out: Output) => number | Promise<number>;

/** Dispatches a command line; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function cli(
  argv: string[],
  commands: Record<string, Command>,
  out: Output = stdio,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || (name === 'help' && rest.length === 0) || name === '--help' || name === '-h') {
    (name === undefined ? out.error : out.line)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  // `warden CMD --help` (anywhere after CMD) and `warden help CMD` print that command's usage.
  const helpOf = name === 'help' ? rest[0] : command && wantsHelp(rest) ? name : undefined;
  const help = helpOf === undefined ? undefined : commandHelp(helpOf);
  if (help) {
    out.line(help);
    return 0;
  }
  try {
    if (!command) throw new UsageError(`unknown command '${name}'`);
    return await command(rest, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`warden: ${visible(error.message)}\n\n${USAGE}`);
      return 2;
    }
    if (isWardenError(error)) {
      const e = error as Error & { code: string };
      out.error(`${visible(e.code)}: ${visible(e.message)}`);
      if ((error as { info?: { code?: unknown } }).info?.code === 'foreignDatabase') {
        out.error("warden: --adopt-foreign-database adds Warden's tables to that database");
      }
      return 1;
    }
    // A bug, not the user's doing: one line, no stack (WARDEN_DEBUG=1 prints it).
    if (process.env.WARDEN_DEBUG === '1') out.error(String((error as Error)?.stack ?? error));
    out.error(`unknownError: warden ${visible(name)} failed unexpectedly (WARDEN_DEBUG=1 shows the stack)`);
    return 1;
  }
}
