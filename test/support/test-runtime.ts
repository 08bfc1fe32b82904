import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime, type RuntimeConfig } from '@warden/runtime';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'scripts-examples');
export const EXAMPLE_APP = join(EXAMPLES, 'app.json');

/** Reads a script of scripts-examples/ as it is on disk. */
export function example(path: string): string {
  return readFileSync(join(EXAMPLES, path), 'utf8');
}

export interface TestRuntime extends Runtime {
  dir: string;
  database: string;
  /** Closes the runtime and removes its folder. */
  dispose(): Promise<void>;
}

/** A runtime on a fresh SQLite file in a temp folder, with the example app unless told otherwise. */
export async function createTestRuntime(config: Partial<RuntimeConfig> = {}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-test-'));
  const database = join(dir, 'app.db');
  const runtime = await createRuntime({
    database,
    app: EXAMPLE_APP,
    executor: { workers: 1 },
    // Cheaper scrypt keeps suites fast; the full OWASP cost is tested in @warden/users.
    passwords: { ln: 12 },
    ...config,
    mail: { dispatch: false, ...config.mail },
  });
  return {
    ...runtime,
    dir,
    database,
    async dispose() {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The messages of a run's logs, in order. */
export const messages = (logs: { message: string }[]) => logs.map((l) => l.message);
