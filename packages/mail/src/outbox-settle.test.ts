import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailDispatcher, type MailDispatcher } from './mail-dispatcher.js';
import { createOutbox, type Outbox } from './outbox.js';
import type { OutboxRow } from './outbox-schema.js';
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';
import { createTransport, type Transport } from './transport.js';

// How a dispatcher settles a row it claimed. A dispatcher whose send outlived its lease lost its
// claim to a second one: whatever its send ends in, it must not settle the row over the new
// holder's claim. A sensitive mail that goes dead loses its whole body, text and HTML.

/** The real SMTP transport to the sink, held at the door of each send until the test opens it. */
/** Opens every held send: a failed assertion must not leave a dispatcher waiting at stop(). */
const openAll: (() => void)[] = [];

function heldTransport(url: string, fail = false) {
  const real = createTransport(url);
  let entered: () => void = () => {};
  let open: () => void = () => {};
  const inSend = new Promise<void>((r) => {
    entered = r;
  });
  const released = new Promise<void>((r) => {
    open = r;
  });
  openAll.push(open);
  const transport: Transport = {
    description: real.description,
    async send(mail) {
      entered();
      await released;
      if (fail) throw new Error('451 try again later');
      return real.send(mail);
    },
    close: () => real.close(),
  };
  return { transport, inSend, open };
}

describe('settling a claimed outbox row', () => {
  let t: TempDatabase;
  let sink: SmtpSink;
  let outbox: Outbox;
  const warnings: string[] = [];
  const dispatchers: MailDispatcher[] = [];
  const dispatcher = (transport: Transport, leaseMs: number, maxAttempts = 5) => {
    const d = createMailDispatcher({
      database: t.file,
      transport,
      leaseMs,
      retry: { maxAttempts, baseMs: 10, maxMs: 20 },
      logger: { warn: (m) => void warnings.push(m) },
    });
    dispatchers.push(d);
    return d;
  };
  const row = (id: string) => t.db.prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as OutboxRow;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeEach(async () => {
    t = createTempDatabase();
    sink = await startSmtpSink();
    outbox = createOutbox(t.db, { from: 'no-reply@acme.test' });
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const open of openAll.splice(0)) open();
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await sink.stop();
    t.cleanup();
  });

  /** The first dispatcher inside its send past its lease, the second inside its own send. */
  async function takenOver(firstFails: boolean) {
    const id = outbox.enqueue({ to: 'a@example.com', subject: 'code', text: 'code 123456', sensitive: true });
    const first = heldTransport(sink.url, firstFails);
    const firstPass = dispatcher(first.transport, 40, 1).drain();
    await first.inSend;
    const firstToken = row(id).claim_token;
    await sleep(80);
    const second = heldTransport(sink.url);
    const secondPass = dispatcher(second.transport, 60_000).drain();
    await second.inSend;
    const secondToken = row(id).claim_token;
    expect(secondToken).not.toBe(firstToken);
    expect(row(id)).toMatchObject({ state: 'sending', attempts: 2 });
    return { id, first, firstPass, second, secondPass, secondToken };
  }

  it('a send that succeeds after the claim was lost leaves the row to its new holder', async () => {
    const { id, first, firstPass, second, secondPass, secondToken } = await takenOver(false);
    first.open();
    expect(await firstPass).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(warnings).toContain('mail: sent after its claim was lost; it may be delivered twice');
    expect(row(id)).toMatchObject({ state: 'sending', claim_token: secondToken, sent_at: null });
    expect(row(id).text).toBe('code 123456');

    second.open();
    expect(await secondPass).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(row(id)).toMatchObject({ state: 'sent', claim_token: null, text: null });
    // The acknowledgement window: both sends reached the server, under one Message-ID.
    await sink.waitFor(2);
    expect([...sink.countByMessageId().values()]).toEqual([2]);
  });

  it('a send that fails after the claim was lost neither fails nor kills the row, nor erases its body', async () => {
    const { id, first, firstPass, second, secondPass, secondToken } = await takenOver(true);
    first.open();
    await firstPass;
    expect(row(id)).toMatchObject({
      state: 'sending',
      claim_token: secondToken,
      last_error: null,
      text: 'code 123456',
    });

    second.open();
    expect(await secondPass).toEqual({ sent: 1, failed: 0, dead: 0 });
    expect(row(id)).toMatchObject({ state: 'sent', claim_token: null });
    const [mail] = await sink.waitFor(1);
    expect(mail!.text).toContain('code 123456');
  });

  it('a sensitive mail that goes dead loses its text and HTML; a normal one keeps both', async () => {
    const reset = outbox.enqueue({
      to: 'a@example.com',
      subject: 'r',
      text: 'code 1',
      html: '<b>code 1</b>',
    });
    const secret = outbox.enqueue({
      to: 'b@example.com',
      subject: 's',
      text: 'code 2',
      html: '<b>code 2</b>',
      sensitive: true,
    });
    const down = createMailDispatcher({
      database: t.file,
      transport: 'smtp://127.0.0.1:1',
      retry: { maxAttempts: 1 },
    });
    dispatchers.push(down);
    expect(await down.drain()).toEqual({ sent: 0, failed: 0, dead: 2 });
    expect(row(secret)).toMatchObject({ state: 'dead', text: null, html: null });
    expect(row(reset)).toMatchObject({ state: 'dead', text: 'code 1', html: '<b>code 1</b>' });
  });
});
