/** @warden/cli: the `warden` command, also callable in-process (tests, embedding). */
export { type Command, cli } from './cli.js';
export { commandExport } from './command-export.js';
export { commandImport } from './command-import.js';
export { commandInit } from './command-init.js';
export { commandMail } from './command-mail.js';
export { commandRun } from './command-run.js';
export type { Output } from './output.js';
export { createProgressBar, type ProgressBar, type ProgressStream } from './progress-bar.js';
export { USAGE } from './usage.js';
