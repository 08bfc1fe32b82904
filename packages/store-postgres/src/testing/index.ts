/**
 * Test support for PostgreSQL: a throwaway cluster on loopback, a database per test file,. The vitest
 * helpers are `@warden/store-postgres/vitest` (they import vitest).
 */

/** Starts a throwaway cluster on loopback; finds the PostgreSQL binaries. */
export { type Cluster, findPostgresBin, startCluster } from './cluster.js';
/** A database of its own, created on a server and dropped after. */
export { createTestDatabase, databaseUrl, type TestDatabase } from './test-database.js';
