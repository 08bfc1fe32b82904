import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerHost } from '@warden/sandbox';
import { openStore, type Store } from '@warden/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeHookRows } from './hook-table.js';
import createWorkerHost from './worker-host.js';

// A failed current-password check must outlive the run that made it (#22 finding 6).
const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'app.json');
const RIGHT = 'Right-Admin-Pass-1!';

let dir: string;
let host: WorkerHost;
let side: Store; // a second connection, as another process would read the file
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-host-'));
  const database = join(dir, 'app.db');
  host = createWorkerHost({ database, app: APP, busyTimeoutMs: 1000, passwords: { ln: 8 } });
  side = openStore({ database, app: APP });
});
afterEach(() => {
  side.close();
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

function createAdmin(): string {
  const run = host.beginRun({ source: '', runId: 'create' });
  const auth = {
    generatePassword: false,
    passwordExpired: false,
    password: RIGHT,
    passwordConfirmation: RIGHT,
  };
  const fields = {
    firstName: 'A',
    lastName: 'B',
    email: 'a@x.io',
    groups: [{ group: 'admins' }],
    authentication: auth,
  };
  const user = { entity: 'sys.users', id: null, version: 0, label: null, fields };
  const answer = run.dispatch('data.save', [user, null]) as Record<symbol, string>;
  run.finish(true);
  return JSON.parse(answer[Symbol.for('warden.rawJson')]!).id;
}

const guess = (id: string, currentPassword: string, ok: boolean) => {
  const run = host.beginRun({ source: '', runId: `guess-${currentPassword}` });
  let code = 'ok';
  let message = '';
  try {
    const user = { entity: 'sys.users', id, version: 1, label: null, fields: {} };
    run.dispatch('users.updatePassword', [user, { currentPassword, newPassword: 'Taken-Over-Pass-9!' }]);
  } catch (error) {
    ({ code, message } = error as { code: string; message: string });
  }
  return { code, message, effects: run.finish(ok) as { committed: boolean; events: number } };
};
const failures = (id: string) =>
  (side.db
    .prepare('SELECT failures FROM users_login_attempts WHERE user_id = ?')
    .pluck()
    .get(id) as number) ?? 0;

describe('worker host: failed current-password checks', () => {
  it('are written after the run ends, committed or rolled back, and journaled for listeners only', () => {
    const id = createAdmin();
    // A listener waits for the event; a before-hook on it would veto it inside a run.
    const veto = {
      name: 'veto',
      event: 'user.signInFailed',
      entity: null,
      when: 'before',
      source: 'throw 1',
      enforced: false,
    } as const;
    writeHookRows(side.db, 'main', [veto], new Map([['user.signInFailed', false]]));
    const failed = guess(id, 'wrong-1', false);
    expect(failed.message).toBe(
      "sys.users.updatePassword: options.currentPassword does not match the user's current password",
    );
    expect(failed.effects).toEqual({ committed: false, events: 1 });
    expect(failures(id)).toBe(1);
    const caught = guess(id, 'wrong-2', true);
    expect(caught.effects.events).toBe(1);
    expect(failures(id)).toBe(2);
    const journaled = side.db.prepare(`SELECT type, data FROM _warden_events ORDER BY seq`).all() as {
      type: string;
      data: string;
    }[];
    expect(journaled.map((e) => [e.type, JSON.parse(e.data).failures, JSON.parse(e.data).via])).toEqual([
      ['user.signInFailed', 1, 'updatePassword'],
      ['user.signInFailed', 2, 'updatePassword'],
    ]);
  });

  it('block at the group limit across runs; the right password is then refused', () => {
    const id = createAdmin();
    for (let i = 0; i < 5; i++) expect(guess(id, `wrong-${i}`, false).code).toBe('badRequest');
    expect(side.findById('sys.users', id)!.fields.status).toBe('BLOCKED');
    expect(guess(id, RIGHT, true).code).toBe('forbidden');
  });
});
