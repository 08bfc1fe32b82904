/** @warden/cli: the `warden` command, also callable in-process (tests, embedding). */
export { type Command, cli } from './cli.js';
export { commandInit } from './command-init.js';
export { commandMail } from './command-mail.js';
export { commandRun } from './command-run.js';
export type { Output } from './output.js';
export { USAGE } from './usage.js';
