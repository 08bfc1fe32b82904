import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailDispatcher, type MailDispatcher } from './mail-dispatcher.js';
import { createOutbox, type Outbox } from './outbox.js';
import type { OutboxRow } from './outbox-schema.js';
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };
const fast = { maxAttempts: 8, baseMs: 20, maxMs: 40 };

describe('mail dispatcher over a real SMTP server', () => {
  let t: TempDatabase;
  let sink: SmtpSink;
  let outbox: Outbox;
  const dispatchers: MailDispatcher[] = [];
  const dispatcher = (options: Partial<Parameters<typeof createMailDispatcher>[0]> = {}) => {
    const d = createMailDispatcher({ database: t.file, transport: sink.url, retry: fast, ...options });
    dispatchers.push(d);
    return d;
  };
  const row = (id: string) => t.db.prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as OutboxRow;
  const enqueueMany = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      outbox.enqueue({ to: `u${i}@example.com`, subject: `Mail ${i}`, text: `body ${i}` }),
    );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeEach(async () => {
    t = createTempDatabase();
    sink = await startSmtpSink();
    outbox = createOutbox(t.db, {
      from: 'Acme <no-reply@acme.test>',
      baseUrl: 'https://acme.test',
      appName: 'Acme',
    });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await sink.stop();
    t.cleanup();
  });

  it('sends nothing for a rolled-back transaction, and a committed mail once, rendered, with its Message-ID', async () => {
    const d = dispatcher();
    expect(() =>
      t.db.transaction(() => {
        outbox.enqueue({ to: 'ghost@example.com', subject: 'never', text: 'never' });
        throw new Error('script failed');
      })(),
    ).toThrow('script failed');
    const id = t.db.transaction(() =>
      outbox.enqueue({
        to: ada.email,
        template: 'reset',
        data: { user: ada, code: 'xyz', expiresInMinutes: 15 },
      }),
    )();

    expect(await d.drain()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(await d.drain()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(sink.messages).toHaveLength(1);
    const [mail] = sink.messages;
    expect(mail).toMatchObject({
      messageId: `<${id}@acme.test>`,
      rcptTo: [ada.email],
      mailFrom: 'no-reply@acme.test',
      subject: 'Reset your Acme password',
    });
    expect(mail?.text).toContain('https://acme.test/reset-password?code=xyz');
    expect(mail?.html).toContain('<a href="https://acme.test/reset-password?code=xyz">');
    expect(row(id)).toMatchObject({
      state: 'sent',
      attempts: 1,
      message_id: `<${id}@acme.test>`,
      claim_token: null,
    });
    expect(row(id).sent_at).toBeGreaterThan(0);
  });

  it('erases the body of a sensitive mail once sent, and keeps a normal one', async () => {
    const secret = outbox.enqueue({
      to: ada.email,
      template: 'welcome',
      data: { user: ada, password: 'Tmp-pass-123' },
    });
    const plain = outbox.enqueue({ to: ada.email, template: 'changed', data: { user: ada } });
    await dispatcher().drain();
    expect(sink.messages.find((m) => m.messageId.includes(secret))?.text).toContain('Tmp-pass-123');
    expect(row(secret)).toMatchObject({ state: 'sent', text: null, html: null, subject: 'Welcome to Acme' });
    expect(row(plain).text).toContain('was just changed');
    const dump = JSON.stringify(t.db.prepare('SELECT * FROM mail_outbox').all());
    expect(dump).not.toContain('Tmp-pass-123');
  });

  it('leaves no byte of an erased sensitive body in the database file or its WAL', async () => {
    const secret = 'Tmp-pass-6f1c9a';
    for (let i = 0; i < 3; i++) {
      outbox.enqueue({ to: ada.email, template: 'welcome', data: { user: ada, password: `${secret}${i}` } });
    }
    // Many more rows on the caller's connection split pages, moving the secret rows around.
    enqueueMany(80);
    await dispatcher({ batchSize: 100 }).drain();
    expect(sink.messages.length).toBe(83);
    t.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of [t.file, `${t.file}-wal`]) {
      const bytes = existsSync(file) ? readFileSync(file).toString('latin1') : '';
      expect(bytes.includes(secret), file).toBe(false);
    }
    expect(t.db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('keeps mail while the server is down, backs off, then delivers each exactly once', async () => {
    const ids = enqueueMany(5);
    await sink.stop();
    const retry = { maxAttempts: 8, baseMs: 400, maxMs: 400 }; // first retry 200..400 ms later
    const d = dispatcher({ retry });
    expect(await d.drain()).toEqual({ sent: 0, failed: 5, dead: 0 });
    for (const id of ids) {
      const r = row(id);
      expect(r).toMatchObject({ state: 'failed', attempts: 1, claim_token: null });
      expect(r.last_error).toMatch(/ECONNREFUSED/);
      expect(r.next_attempt_at - r.created_at).toBeGreaterThanOrEqual(200);
    }
    expect(await d.drain()).toEqual({ sent: 0, failed: 0, dead: 0 }); // nothing due before the backoff ends

    await sink.restart();
    await sleep(retry.maxMs + 10);
    expect(await d.drain()).toEqual({ sent: 5, failed: 0, dead: 0 });
    expect([...sink.countByMessageId().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(ids.map((id) => row(id).state)).toEqual(Array(5).fill('sent'));
  });

  it('retries a mail the server refused with a temporary error', async () => {
    const [id] = enqueueMany(1);
    sink.refuse(true);
    const d = dispatcher();
    expect(await d.drain()).toMatchObject({ failed: 1 });
    expect(row(id!).last_error).toMatch(/451|Try again later/);
    sink.refuse(false);
    await sleep(fast.maxMs + 10);
    expect(await d.drain()).toMatchObject({ sent: 1 });
    expect(sink.messages).toHaveLength(1);
  });

  it('marks a mail dead after the last attempt', async () => {
    const [id] = enqueueMany(1);
    await sink.stop();
    const d = dispatcher({ retry: { maxAttempts: 3, baseMs: 5, maxMs: 10 } });
    const totals = { sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < 3; i++) {
      const r = await d.drain();
      totals.failed += r.failed;
      totals.dead += r.dead;
      await sleep(15);
    }
    expect(totals).toEqual({ sent: 0, failed: 2, dead: 1 });
    expect(row(id!)).toMatchObject({ state: 'dead', attempts: 3 });
    await sink.restart();
    await sleep(15);
    expect(await d.drain()).toEqual({ sent: 0, failed: 0, dead: 0 });
    expect(sink.messages).toHaveLength(0);
  });

  it('never sends a mail twice when two dispatchers race on the same file', async () => {
    const ids = enqueueMany(30);
    const a = dispatcher({ batchSize: 3 });
    const b = dispatcher({ batchSize: 4 });
    const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
    expect(ra.sent + rb.sent).toBe(30);
    expect(ra.sent).toBeGreaterThan(0);
    expect(rb.sent).toBeGreaterThan(0);
    const counts = sink.countByMessageId();
    expect(counts.size).toBe(30);
    expect(Math.max(...counts.values())).toBe(1);
    expect(ids.every((id) => counts.get(`<${id}@acme.test>`) === 1)).toBe(true);
  });

  it('retries a row left in sending by a crashed dispatcher once its lease has expired', async () => {
    const [expired, live] = enqueueMany(2);
    const claim = t.db.prepare(
      `UPDATE mail_outbox SET state = 'sending', attempts = 1, claim_token = 'dead-process', lease_until = ? WHERE id = ?`,
    );
    claim.run(Date.now() - 1, expired);
    claim.run(Date.now() + 60_000, live);
    const d = dispatcher();
    expect(await d.drain()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(row(expired!)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(row(live!)).toMatchObject({ state: 'sending', claim_token: 'dead-process' });
    expect(sink.messages.map((m) => m.messageId)).toEqual([`<${expired}@acme.test>`]);
  });

  it('waits for a writer holding the lock without blocking the event loop', async () => {
    const [id] = enqueueMany(1);
    t.db.exec('BEGIN IMMEDIATE'); // a script run in a worker holds the write lock
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const pass = dispatcher().drain();
    await sleep(300);
    expect(row(id!).state).toBe('pending');
    t.db.exec('COMMIT');
    const report = await pass;
    clearInterval(ticker);
    expect(report).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(ticks).toBeGreaterThanOrEqual(8); // ~30 when idle; a blocked loop would manage 1 or 2
    expect(sink.messages).toHaveLength(1);
  });

  it('delivers on start(), then only at the next poll or at once after kick()', async () => {
    enqueueMany(1);
    const d = dispatcher({ pollMs: 60_000 });
    d.start();
    await sink.waitFor(1, 2000); // the first poll runs at once
    outbox.enqueue({ to: ada.email, template: 'changed', data: { user: ada } });
    await sleep(150);
    expect(sink.messages).toHaveLength(1); // the next poll is a minute away
    d.kick();
    d.kick();
    await sink.waitFor(2, 2000);
    await d.stop();
    expect(sink.messages).toHaveLength(2);
  });

  it('polls every pollMs after start()', async () => {
    const d = dispatcher({ pollMs: 25 });
    d.start();
    await sleep(60);
    enqueueMany(2);
    await sink.waitFor(2, 2000);
    expect([...sink.countByMessageId().values()]).toEqual([1, 1]);
  });

  it('stops cleanly and refuses to drain afterwards', async () => {
    const d = dispatcher();
    await d.stop();
    await expect(d.drain()).rejects.toMatchObject({
      code: 'badRequest',
      message: 'drain: the mail dispatcher is stopped',
    });
  });

  it.each([
    [{}, 'createMailDispatcher: database must be a file path, got undefined'],
    [{ database: 'x.db' }, 'createMailDispatcher: transport is required'],
    [
      { database: 'x.db', transport: 'smtp://h', pollMs: 0 },
      'createMailDispatcher: pollMs must be a positive integer',
    ],
    [
      { database: 'x.db', transport: 'smtp://h', retry: { maxAttempts: 0 } },
      'retry.maxAttempts must be an integer >= 1',
    ],
    [
      { database: 'x.db', transport: 'smtp://h', retry: { baseMs: 10, maxMs: 5 } },
      'retry.maxMs (5) must be >= retry.baseMs (10)',
    ],
    [{ database: 'x.db', transport: 'smtp://h', retry: { tries: 3 } }, "unknown retry option 'tries'"],
  ])('rejects bad options %j', (options, message) => {
    expect(() => createMailDispatcher(options as never)).toThrow(
      expect.objectContaining({ code: 'badRequest', message: expect.stringContaining(message) }),
    );
  });
});
