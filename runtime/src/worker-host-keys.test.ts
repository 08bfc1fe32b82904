import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerHost } from '@warden/sandbox';
import { openStore } from '@warden/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import createWorkerHost from './worker-host.js';

// The host refuses prototype keys in every call's arguments itself, whatever the isolate's
// bootstrap checked before: a script can reach dispatch with any JSON (sys.raw in tests, a
// bootstrap bug). Checked here at the worker host's dispatch, where the bootstrap is not in front.

const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'app.json');

let dir: string;
let database: string;
let host: WorkerHost;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-keys-'));
  database = join(dir, 'app.db');
  host = createWorkerHost({ database, app: APP, busyTimeoutMs: 1000, passwords: { ln: 8 } });
});
afterEach(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Saves a user in a committed run and returns it as a script would hold it (wire form). */
function savedUser(): Record<string, unknown> {
  const run = host.beginRun({ source: '', runId: 'setup' });
  const answer = run.dispatch('data.save', [
    {
      entity: 'sys.users',
      id: null,
      version: 0,
      label: null,
      fields: { firstName: 'Ann', lastName: 'Lee', email: 'ann@keys.io', sendWelcomeEmail: false },
    },
    null,
  ]) as Record<symbol, string>;
  run.finish(true);
  // The stored row as the host answers it: `{id, version, label, data}`.
  const row = JSON.parse(answer[Symbol.for('warden.rawJson')]!);
  return { entity: 'sys.users', id: row.id, version: row.version, label: row.label, fields: row.data };
}

/** Rows of a table, read on a connection of the test's own. */
function countRows(table: string): number {
  const store = openStore({ database, app: APP });
  try {
    return store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  } finally {
    store.close();
  }
}

describe('worker host dispatch: prototype keys', () => {
  it.each([
    ['__proto__', '{"__proto__": {"notifyUser": true}}'],
    ['constructor', '{"constructor": {"prototype": {"notifyUser": true}}}'],
    ['prototype', '{"notifyUser": false, "extra": [{"prototype": 1}]}'],
  ])('refuses a %s key in an options object that the op itself would ignore', (key, options) => {
    const user = savedUser();
    const run = host.beginRun({ source: '', runId: `r-${key}` });
    // Arguments arrive as JSON text; JSON.parse keeps `__proto__` as an own key.
    const args = JSON.parse(`[${JSON.stringify(user)}, ${options}]`) as unknown[];
    let error: unknown;
    try {
      run.dispatch('users.resetPassword', args);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'badRequest',
      message: `users.resetPassword: the key '${key}' is not allowed`,
    });
    // Nothing was served: no reset code issued, no mail queued, even once the run commits.
    run.finish(true);
    expect(countRows('users_reset_codes')).toBe(0);
    expect(countRows('mail_outbox')).toBe(0);
  });

  it('serves the same call without the key', () => {
    const user = savedUser();
    const run = host.beginRun({ source: '', runId: 'ok' });
    const answer = run.dispatch('users.resetPassword', [user, { notifyUser: true }]) as { resetCode: string };
    run.finish(true);
    expect(answer.resetCode).toEqual(expect.any(String));
    expect(countRows('users_reset_codes')).toBe(1);
    expect(countRows('mail_outbox')).toBe(1);
  });
});
