import type { TestProject } from 'vitest/node';
import { type Cluster, findPostgresBin, startCluster } from './cluster.js';
import './provided-context.js';

let cluster: Cluster | null = null;

/**
 * vitest globalSetup: the PostgreSQL server for the tests that need one. `WARDEN_PG_URL` when it
 * is set; otherwise a throwaway cluster on loopback (as the `postgres` user when run as root),
 * stopped when the run ends. Local runs and CI take the same path.
 */
export async function setup(project: TestProject): Promise<void> {
  let url = process.env.WARDEN_PG_URL ?? '';
  let missing = '';
  if (!url) {
    const bin = findPostgresBin();
    if (!bin)
      missing =
        'PostgreSQL is not installed: no initdb/pg_ctl on the PATH or in /usr/lib/postgresql/*/bin (apt-get install postgresql-15), and WARDEN_PG_URL is not set';
    else {
      try {
        cluster = await startCluster(bin);
        url = cluster.url;
      } catch (error) {
        missing = `the throwaway PostgreSQL cluster did not start: ${(error as Error).message}`;
      }
    }
  }
  project.provide('warden.pgUrl', url);
  project.provide('warden.pgMissing', missing);
}

export function teardown(): void {
  cluster?.stop();
  cluster = null;
}
