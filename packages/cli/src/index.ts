/** @warden/cli: the `warden` command, also callable in-process (tests, embedding). */
export { cli, type Command } from './cli.js';
export { commandRun } from './command-run.js';
export { commandInit } from './command-init.js';
export { commandMail } from './command-mail.js';
export type { Output } from './output.js';
export { USAGE } from './usage.js';
