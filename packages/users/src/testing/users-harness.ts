import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox, type Outbox } from '@warden/mail';
import { openStore, type Store } from '@warden/store';
import type { Fields, RecordData, WardenEvent } from '@warden/sys-api';
import { createPasswordHasher } from '../password-hasher.js';
import { createUsers, type Users } from '../users.js';
import type { UsersOptions } from '../users-context.js';

/**
 * The app of the users tests: a policy-free group, a strict one, one that blocks after three
 * failed sign-ins, two providers, two endpoints.
 */
export const TEST_APP = {
  name: 'usertest',
  baseUrl: 'http://app.test/',
  groups: [
    { name: 'Group1', label: 'Group 1' },
    {
      name: 'admins',
      label: 'Administrators',
      passwordPolicy: { minLength: 12, upper: true, lower: true, digit: true, symbol: true },
    },
    { name: 'guarded', label: 'Guarded', passwordPolicy: { maxLoginAttempts: 3 } },
  ],
  identityProviders: [
    { name: 'slack', label: 'Slack', type: 'oauth' },
    { name: 'google', label: 'Google', type: 'oauth' },
  ],
  endpoints: [
    { name: 'http', perUser: true },
    { name: 'global', perUser: false },
  ],
  mail: { from: 'no-reply@app.test' },
};

/** A users service on a real store and outbox over a fresh SQLite file. */
export interface UsersHarness {
  store: Store;
  outbox: Outbox;
  users: Users;
  file: string;
  /** The test clock (epoch ms); advance it to expire codes. */
  clock: { now: number };
  /** Every event `onEvent` received, in order (unless the options bring their own sink). */
  events: WardenEvent[];
  /** Inserts a user with sensible defaults (no welcome mail, no password unless given). */
  createUser(fields?: Fields, password?: string): RecordData;
  /** The raw bytes of the database and its WAL, for plaintext scans (connection closed first). */
  bytes(): Buffer;
  close(): void;
}

let seq = 0;

/** Options of the harness: any `createUsers` option but the store, outbox and clock. */
export type HarnessOptions = Partial<Omit<UsersOptions, 'store' | 'outbox' | 'now'>>;

/** `app` replaces the test app (the account-flow tests add account options to it). */
export function createUsersHarness(options: HarnessOptions = {}, app: object = TEST_APP): UsersHarness {
  const dir = mkdtempSync(join(tmpdir(), 'warden-users-'));
  const file = join(dir, 'app.db');
  const store = openStore({ database: file, app });
  const outbox = createOutbox(store.db, {
    from: 'no-reply@app.test',
    baseUrl: store.app.baseUrl,
    appName: 'usertest',
  });
  const clock = { now: Date.UTC(2026, 0, 1) };
  const events: WardenEvent[] = [];
  // A cheap scrypt cost keeps the suite fast; the hasher's own tests cover OWASP parameters.
  let users: Users;
  try {
    users = createUsers({
      store,
      outbox,
      hasher: createPasswordHasher({ ln: 8 }),
      now: () => clock.now,
      onEvent: (event) => {
        events.push(event);
      },
      ...options,
    });
  } catch (error) {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    store.close();
  };
  return {
    store,
    outbox,
    users,
    file,
    clock,
    events,
    createUser(fields = {}, password) {
      const auth = password
        ? {
            generatePassword: false,
            passwordExpired: false,
            password,
            passwordConfirmation: password,
            newPassword: password,
          }
        : { generatePassword: false };
      return store.insert('sys.users', {
        firstName: 'Test',
        lastName: `User${++seq}`,
        email: `user${seq}@test.com`,
        sendWelcomeEmail: false,
        authentication: auth,
        ...fields,
      });
    },
    bytes() {
      close();
      const read = (f: string) => {
        try {
          return readFileSync(f);
        } catch {
          return Buffer.alloc(0);
        }
      };
      return Buffer.concat([read(file), read(`${file}-wal`), read(`${file}-locks`)]);
    },
    close() {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The stored body of a mail, which `outbox.list()` hides for sensitive mail. */
export function mailBody(h: UsersHarness, id: string): string {
  const row = h.store.db.prepare('SELECT text FROM mail_outbox WHERE id = ?').get(id) as
    | { text: string }
    | undefined;
  return row?.text ?? '';
}
