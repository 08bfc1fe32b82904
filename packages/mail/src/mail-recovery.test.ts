import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { processHolder, processPlace } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffDelay, resolveRetryPolicy } from './backoff.js';
import { createMailDispatcher, type MailDispatcher } from './mail-dispatcher.js';
import { createOutbox, type Outbox } from './outbox.js';
import type { OutboxRow } from './outbox-schema.js';
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

// Mail that outlives an outage or a dead host: an hours-long default retry budget, operators
// re-queueing dead mail, and a restarted host reclaiming at once what a dead process held.
const HOUR = 3_600_000;

/** A holder token for a process that ran on this machine and is now gone. */
async function deadHolder(): Promise<string> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  await new Promise((r) => child.once('spawn', r));
  const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return `${processPlace()}:${child.pid}:${start}:0`;
}

describe('mail recovery', () => {
  let t: TempDatabase;
  let sink: SmtpSink;
  let outbox: Outbox;
  const dispatchers: MailDispatcher[] = [];
  const dispatcher = (options: Partial<Parameters<typeof createMailDispatcher>[0]> = {}) => {
    const d = createMailDispatcher({ database: t.file, transport: sink.url, ...options });
    dispatchers.push(d);
    return d;
  };
  const row = (id: string) => t.db.prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as OutboxRow;

  beforeEach(async () => {
    t = createTempDatabase();
    sink = await startSmtpSink();
    outbox = createOutbox(t.db, { from: 'no-reply@acme.test', baseUrl: 'https://acme.test' });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await sink.stop();
    t.cleanup();
  });

  it('retries for more than a day by default before a mail is dead', () => {
    const policy = resolveRetryPolicy(undefined);
    let shortest = 0;
    let longest = 0;
    for (let failures = 1; failures < policy.maxAttempts; failures++) {
      shortest += backoffDelay(failures, policy, () => 0);
      longest += backoffDelay(failures, policy, () => 1);
    }
    expect(shortest).toBeGreaterThanOrEqual(24 * HOUR);
    expect(longest).toBeLessThanOrEqual(72 * HOUR);
    expect(backoffDelay(1, policy, () => 1)).toBeLessThanOrEqual(1000); // a glitch is retried at once
  });

  it('a sensitive mail that goes dead loses its body', async () => {
    const id = outbox.enqueue({ to: 'a@example.com', subject: 'code', text: 'code 123456', sensitive: true });
    const d = dispatcher({ transport: 'smtp://127.0.0.1:1', retry: { maxAttempts: 1 } });
    expect(await d.drain()).toEqual({ sent: 0, failed: 0, dead: 1 });
    expect(row(id)).toMatchObject({ state: 'dead', text: null, html: null });
  });

  it('operators re-queue dead mail, which is then delivered; a sensitive mail without its body is skipped', async () => {
    const plain = outbox.enqueue({ to: 'a@example.com', subject: 'hello', text: 'hi' });
    const secret = outbox.enqueue({ to: 'b@example.com', subject: 'code', text: 'code 1', sensitive: true });
    const down = dispatcher({ transport: 'smtp://127.0.0.1:1', retry: { maxAttempts: 1 } });
    expect(await down.drain()).toMatchObject({ dead: 2 });
    expect(() => outbox.retry({ state: 'sent' as never })).toThrow(
      /retry: state must be one of dead, failed/,
    );
    expect(outbox.retry({ to: 'nobody@example.com' })).toEqual({ requeued: 0, skipped: 0 });
    expect(outbox.retry()).toEqual({ requeued: 1, skipped: 1 });
    expect(row(plain)).toMatchObject({ state: 'pending', attempts: 0, last_error: null });
    expect(row(secret).state).toBe('dead');
    expect(await dispatcher().drain()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(sink.messages.map((m) => m.rcptTo[0])).toEqual(['a@example.com']);
  });

  it('reclaims at once a mail left sending by a process that is gone, not one a live process holds', async () => {
    const orphan = outbox.enqueue({ to: 'orphan@example.com', subject: 'o', text: 'o' });
    const held = outbox.enqueue({ to: 'held@example.com', subject: 'h', text: 'h' });
    const claim = t.db.prepare(
      "UPDATE mail_outbox SET state = 'sending', attempts = 1, claim_token = ?, lease_until = ? WHERE id = ?",
    );
    claim.run(await deadHolder(), Date.now() + HOUR, orphan);
    claim.run(processHolder(), Date.now() + HOUR, held);
    expect(await dispatcher().drain()).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(row(orphan).state).toBe('sent');
    expect(row(held).state).toBe('sending');
    expect(row(held).claim_token).not.toBeNull();
  });

  it('records the holding process in each claim', async () => {
    outbox.enqueue({ to: 'a@example.com', subject: 's', text: 't' });
    let token: string | null = null;
    const probe = {
      send: async (m: { id: string }) => {
        token = row(m.id).claim_token;
        return { messageId: '' };
      },
      close() {},
    };
    await dispatcher({ transport: probe }).drain();
    expect(String(token).startsWith(`${processPlace()}:${process.pid}:`)).toBe(true);
  });
});
