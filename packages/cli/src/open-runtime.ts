import { existsSync } from 'node:fs';
import { createRuntime, type Runtime } from '@warden/runtime';
import type { CommonFlags } from './cli-args.js';
import { readJsonFile } from './read-json-file.js';
import { visible } from './terminal-text.js';

/** The app used when there is no --app and no ./app.json: users and groups only. */
const DEFAULT_APP = {
  name: 'warden',
  baseUrl: 'http://localhost:3000',
  entities: {},
  groups: [
    { name: 'users', label: 'Users' },
    { name: 'admins', label: 'Administrators' },
  ],
};

/** What the runtime reports (a failed after-hook, a stopped dispatch) quotes scripts: escaped too. */
const stderrLogger = { error: (message: string) => process.stderr.write(`${visible(message)}\n`) };

/**
 * Opens a runtime from the common flags: --db (default ./warden.db), --app (default ./app.json).
 * It delivers no event: the events its commands cause are journaled for the application's own
 * runtime (its after-hooks and listeners), which may be running now or start later. Nor does it
 * run jobs or fire schedules: the application's runtime does. `serving` (`warden serve`) is that
 * application's runtime: it delivers events and runs jobs.
 */
export function openRuntime(flags: CommonFlags, workers = 1, serving = false): Promise<Runtime> {
  // Read here first so that a missing or broken --app names the path as typed, with line and column.
  if (flags.app !== undefined) readJsonFile(flags.app, 'the app definition');
  const app = flags.app ?? (existsSync('app.json') ? 'app.json' : DEFAULT_APP);
  return createRuntime({
    database: flags.db,
    app,
    executor: { workers },
    events: { deliver: serving },
    logger: stderrLogger,
    adoptForeignDatabase: flags.adoptForeignDatabase === true,
    jobs: { run: serving },
  });
}
