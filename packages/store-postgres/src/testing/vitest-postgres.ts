import { afterAll, beforeAll, inject } from 'vitest';
import './provided-context.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The PostgreSQL server of this test run (see global-setup.ts), or null with the reason. In CI
 * (`CI=true`) a missing server fails the test file instead, so that CI never passes by skipping.
 */
export function pgServer(): { url: string } | { url: null; reason: string } {
  const url = inject('warden.pgUrl');
  if (url) return { url };
  const reason = inject('warden.pgMissing') || 'no PostgreSQL server';
  if (process.env.CI === 'true') throw new Error(`PostgreSQL tests cannot run in CI: ${reason}`);
  return { url: null, reason };
}

/**
 * A database of its own for the calling test file: created before its tests, dropped after.
 * `url()` is valid inside tests and hooks. Outside CI without a server, the file's PostgreSQL
 * tests are skipped with the reason printed.
 */
export function usePgDatabase(): { available: boolean; url(): string } {
  const server = pgServer();
  if (server.url === null) {
    console.warn(`PostgreSQL tests skipped: ${server.reason}`);
    return { available: false, url: () => '' };
  }
  const serverUrl = server.url;
  let db: TestDatabase | null = null;
  beforeAll(async () => {
    db = await createTestDatabase(serverUrl);
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    available: true,
    url() {
      if (!db) throw new Error('usePgDatabase: the database exists only inside tests and hooks');
      return db.url;
    },
  };
}
