#!/usr/bin/env node
import { cli } from './cli.js';
import { commandInit } from './command-init.js';
import { commandMail } from './command-mail.js';
import { commandRun } from './command-run.js';
import { commandUsers } from './command-users.js';

process.exitCode = await cli(process.argv.slice(2), {
  run: commandRun,
  init: commandInit,
  mail: commandMail,
  users: commandUsers,
});
