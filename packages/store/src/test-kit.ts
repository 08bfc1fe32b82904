import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WardenError } from '@warden/sys-api';
import { afterEach, beforeEach, expect } from 'vitest';
import { openStore } from './store.js';
import type { Store } from './store-types.js';

/** An app definition that uses every field type, for the store's own tests. */
export function sampleApp(): Record<string, unknown> {
  return {
    name: 'sample',
    baseUrl: 'https://app.example.com',
    groups: [
      { name: 'admins', label: 'Administrators' },
      { name: 'staff', label: 'Staff', passwordPolicy: { minLength: 10, digit: true } },
    ],
    identityProviders: [{ name: 'google', label: 'Google', type: 'oauth' }],
    endpoints: [{ name: 'slack', perUser: true }],
    entities: {
      companies: {
        label: 'name',
        fields: {
          name: { type: 'text', required: true, unique: true, max: 40 },
          type: { type: 'choice', options: ['a', 'b', 'c'], default: 'a' },
          employees: { type: 'integer', min: 0, max: 100000 },
          rating: { type: 'decimal', min: 0, max: 5 },
          active: { type: 'boolean', default: true },
          founded: { type: 'date', min: '1800-01-01' },
          website: { type: 'text', pattern: '^https?://' },
          notes: { type: 'longText' },
          contactEmail: { type: 'email', indexed: true },
        },
      },
      contacts: {
        label: '{firstName} {lastName}',
        fields: {
          firstName: { type: 'text', required: true, min: 1 },
          lastName: { type: 'text', required: true },
          company: { type: 'relationship', entity: 'companies' },
          addresses: {
            type: 'nested',
            multiple: true,
            fields: {
              street: { type: 'text' },
              zipCode: { type: 'text', required: true, pattern: '^\\d{5}$' },
            },
          },
          tags: { type: 'text', multiple: true },
          meta: { type: 'json' },
          lastSeen: { type: 'dateTime' },
          team: { type: 'group' },
          secret: { type: 'text', writeOnly: true },
        },
      },
    },
  };
}

/** A temp directory, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'warden-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store over a fresh file in a temp directory, plus the file path and a cleanup. */
export function tempStore(app: object = sampleApp(), busyTimeoutMs?: number) {
  const { dir, cleanup } = tempDir();
  const database = join(dir, 'store.db');
  const store: Store = openStore({
    database,
    app,
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  });
  return {
    store,
    database,
    dir,
    close: () => {
      store.close();
      cleanup();
    },
  };
}

/** A fresh `tempStore()` for each test of the calling file, handed to `use` before the test runs. */
export function storePerTest(use: (t: ReturnType<typeof tempStore>) => void): void {
  let t: ReturnType<typeof tempStore>;
  beforeEach(() => {
    t = tempStore();
    use(t);
  });
  afterEach(() => t.close());
}

/** The error `fn` throws, asserted to be a WardenError with `code`. */
export function failure(fn: () => unknown, code: string): WardenError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe(code);
    return error as WardenError;
  }
  throw new Error(`expected a ${code} error`);
}

/** `field:code` of each field error, for compact assertions. */
export const codes = (e: WardenError) => e.errors.map((x) => `${x.field}:${x.code}`);

/** The raw rows of a record table, as SQLite holds them. */
export const rawRows = (store: Store, table: string) =>
  store.db.prepare(`SELECT * FROM ${table}`).all() as { data: string; version: number }[];
