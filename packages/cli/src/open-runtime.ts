import { existsSync } from 'node:fs';
import { createRuntime, type Runtime } from '@warden/runtime';
import type { CommonFlags } from './cli-args.js';

/** The app used when there is no --app and no ./app.json: users and groups only. */
const DEFAULT_APP = {
  name: 'warden',
  baseUrl: 'http://localhost:3000',
  entities: {},
  groups: [{ name: 'users', label: 'Users' }],
};

/** Opens a runtime from the common flags: --db (default ./warden.db), --app (default ./app.json). */
export function openRuntime(flags: CommonFlags, workers = 1): Promise<Runtime> {
  const app = flags.app ?? (existsSync('app.json') ? 'app.json' : DEFAULT_APP);
  return createRuntime({ database: flags.db, app, executor: { workers } });
}
