import { isWardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox, type Outbox } from './outbox.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

/** The message of the badRequest `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isWardenError(err) && err.code === 'badRequest') return err.message;
    throw err;
  }
  throw new Error('expected a badRequest');
}

// Every argument check of the outbox, each with the message it gives: the mail package's entry
// points are called by the host and by scripts' sys.users flows, so each refusal must name the
// call and what was wrong.
describe('outbox arguments', () => {
  let t: TempDatabase;
  let outbox: Outbox;
  const options = { from: 'Acme <no-reply@acme.test>' };
  const raw = (to: string, extra: Record<string, unknown> = {}) => ({
    to,
    subject: 's',
    text: 't',
    ...extra,
  });

  beforeEach(() => {
    t = createTempDatabase();
    outbox = createOutbox(t.db, options);
  });
  afterEach(() => t.cleanup());

  it.each([
    [
      () => createOutbox(null as never, options),
      'createOutbox: db must be a better-sqlite3 Database, got null',
    ],
    [() => createOutbox({} as never, options), 'createOutbox: db must be a better-sqlite3 Database'],
    [() => createOutbox(t.db, 'x' as never), 'createOutbox: options must be an object, got'],
    [
      () => createOutbox(t.db, { ...options, appName: ' ' }),
      'createOutbox: options.appName must be a non-empty string',
    ],
    [
      () => createOutbox(t.db, { ...options, appName: 7 as never }),
      'options.appName must be a non-empty string',
    ],
    [
      () => createOutbox(t.db, { ...options, baseUrl: 'ftp://x.test/' }),
      'options.baseUrl must be an http(s) URL',
    ],
    [
      () => createOutbox(t.db, { ...options, baseUrl: 'not a url' }),
      'options.baseUrl must be an http(s) URL',
    ],
    [() => createOutbox(t.db, { ...options, baseUrl: 5 as never }), 'options.baseUrl must be an http(s) URL'],
    [() => createOutbox(t.db, { ...options, baseUrl: 'xhttps:' }), 'options.baseUrl must be an http(s) URL'],
  ])('createOutbox refuses bad input (%#)', (call, message) => {
    expect(refusal(call)).toContain(message);
  });

  it('createOutbox takes http and https base URLs and no base URL', () => {
    for (const baseUrl of ['http://x.test/', 'https://x.test/', '', null, undefined]) {
      expect(() => createOutbox(t.db, { ...options, baseUrl: baseUrl as never })).not.toThrow();
    }
  });

  it.each([
    [() => outbox.enqueue('x' as never), 'enqueue: mail must be an object, got'],
    [
      () => outbox.enqueue(raw('a@x.test', { bcc: 'b@x.test' }) as never),
      "enqueue: unknown key 'bcc' in a raw mail",
    ],
    [
      () => outbox.enqueue({ to: 'a@x.test', template: 'reset', data: {}, cc: 1 } as never),
      "enqueue: unknown key 'cc' in a template mail",
    ],
    [
      () => outbox.enqueue({ to: 'a@x.test', template: 'nope', data: {} } as never),
      'enqueue: template must be one of',
    ],
    [
      () => outbox.enqueue(raw('a@x.test', { sensitive: 'yes' }) as never),
      'enqueue: sensitive must be a boolean, got',
    ],
  ])('enqueue refuses bad input (%#) and stores nothing', (call, message) => {
    expect(refusal(call)).toContain(message);
    expect(t.db.prepare('SELECT count(*) FROM mail_outbox').pluck().get()).toBe(0);
  });

  it.each([
    [() => outbox.list('x' as never), 'list: filter must be an object, got'],
    [() => outbox.list({ limit: 1001 }), 'list: limit must be an integer from 1 to 1000, got number 1001'],
    [() => outbox.list({ limit: 1.5 }), 'list: limit must be an integer from 1 to 1000, got number 1.5'],
    [() => outbox.list({ to: 3 as never }), 'list: to must be a string, got'],
    [() => outbox.retry('x' as never), 'retry: filter must be an object, got'],
    [() => outbox.retry({ where: 1 } as never), "retry: unknown filter key 'where'"],
    [() => outbox.retry({ state: 'sent' } as never), 'retry: state must be one of dead, failed, got'],
    [() => outbox.retry({ id: 1 } as never), 'retry: id must be a string, got'],
    [() => outbox.retry({ to: 1 } as never), 'retry: to must be a string, got'],
  ])('list and retry refuse bad filters (%#)', (call, message) => {
    expect(refusal(call)).toContain(message);
  });

  it('list takes the limits 1 and 1000, and filters by state and recipient together', () => {
    const a = outbox.enqueue(raw('a@x.test'));
    outbox.enqueue(raw('b@x.test'));
    t.db.prepare("UPDATE mail_outbox SET state = 'sent' WHERE id = ?").run(a);
    expect(outbox.list({ limit: 1 })).toHaveLength(1);
    expect(outbox.list({ limit: 1000 })).toHaveLength(2);
    expect(outbox.list({ state: 'sent', to: 'A@X.TEST' }).map((e) => e.id)).toEqual([a]);
    expect(outbox.list({ state: 'pending', to: 'a@x.test' })).toEqual([]);
  });

  it('retry re-queues failed or dead mail by id or recipient, and only that', () => {
    const a = outbox.enqueue(raw('a@x.test'));
    const b = outbox.enqueue(raw('b@x.test'));
    const c = outbox.enqueue(raw('c@x.test'));
    t.db.prepare("UPDATE mail_outbox SET state = 'dead', attempts = 9, last_error = 'down'").run();
    expect(outbox.retry({ id: a })).toEqual({ requeued: 1, skipped: 0 });
    expect(outbox.retry({ to: 'B@X.TEST' })).toEqual({ requeued: 1, skipped: 0 });
    const row = (id: string) =>
      t.db.prepare('SELECT state, attempts, last_error FROM mail_outbox WHERE id = ?').get(id);
    expect(row(a)).toEqual({ state: 'pending', attempts: 0, last_error: null });
    expect(row(b)).toMatchObject({ state: 'pending' });
    expect(row(c)).toEqual({ state: 'dead', attempts: 9, last_error: 'down' });
    t.db.prepare("UPDATE mail_outbox SET state = 'failed' WHERE id = ?").run(c);
    expect(outbox.retry({ state: 'failed' })).toEqual({ requeued: 1, skipped: 0 });
    expect(outbox.retry()).toEqual({ requeued: 0, skipped: 0 });
  });
});
