import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox } from '@warden/mail';
import { openStore, type Store } from '@warden/store';
import { createPasswordHasher, createUsers } from '@warden/users';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchEvents } from './event-source.js';

// The order of the record-event interceptors and the users interceptor on sys.users, over a real
// store: events are created before users (parent and workers alike), users' interceptor goes in
// at once, and the entities to watch are known only later (the first run, a registered hook).
const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'app.json');

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-events-'));
  store = openStore({ database: join(dir, 'app.db'), app: APP });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('record events on sys.users', () => {
  it('reach before-hooks ahead of the users interceptor, even when watched after users opened', () => {
    const seen: unknown[] = [];
    const events = watchEvents(store, {
      before(event, pending) {
        if (event.type !== 'record.created') return;
        const auth = pending?.fields.authentication as Record<string, unknown> | undefined;
        // The users interceptor has not planned the save yet: the password is still there.
        seen.push(auth?.password ?? null);
        pending!.fields.lastName = 'Edited';
      },
      after() {},
    });
    const outbox = createOutbox(store.db, { from: 'no-reply@x.io', baseUrl: 'http://x.io/' });
    const users = createUsers({ store, outbox, hasher: createPasswordHasher({ ln: 8 }) });
    events.watch(['sys.users']);
    const user = store.insert('sys.users', {
      firstName: 'Ann',
      lastName: 'Lee',
      email: 'ann@events.io',
      authentication: {
        generatePassword: false,
        password: 'Secret-pass-1',
        passwordConfirmation: 'Secret-pass-1',
      },
    });
    expect(seen).toEqual(['Secret-pass-1']);
    expect(user.label).toBe('Ann Edited');
    expect(users.verifyPassword(user.id!, 'Secret-pass-1')).toBe(true);
  });

  it('stop when sys.users is no longer watched', () => {
    const seen: string[] = [];
    const events = watchEvents(store, {
      before: (event) => void seen.push(event.type),
      after: (event) => void seen.push(`after ${event.type}`),
    });
    events.watch(['sys.users']);
    store.insert('sys.users', { firstName: 'A', lastName: 'B', email: 'a@events.io' });
    events.watch([]);
    store.insert('sys.users', { firstName: 'C', lastName: 'D', email: 'c@events.io' });
    expect(seen).toEqual(['record.created', 'after record.created']);
  });
});
