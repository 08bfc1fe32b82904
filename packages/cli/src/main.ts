#!/usr/bin/env node
import { cli } from './cli.js';
import { commandExport } from './command-export.js';
import { commandImport } from './command-import.js';
import { commandInit } from './command-init.js';
import { commandJobs } from './command-jobs.js';
import { commandMail } from './command-mail.js';
import { commandRun } from './command-run.js';
import { commandServe } from './command-serve.js';
import { commandUsers } from './command-users.js';

// `pnpm warden …` runs in the repository root; INIT_CWD is the folder the user typed it in, so paths
// on the command line (files, --db, init's folder) mean what they say.
if (process.env.npm_lifecycle_event === 'warden' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

process.exitCode = await cli(process.argv.slice(2), {
  run: commandRun,
  init: commandInit,
  mail: commandMail,
  jobs: commandJobs,
  users: commandUsers,
  import: commandImport,
  export: commandExport,
  serve: commandServe,
});
