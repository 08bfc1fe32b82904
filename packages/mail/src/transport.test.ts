import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailDispatcher } from './mail-dispatcher.js';
import { scrubError } from './nodemailer-transport.js';
import { createOutbox } from './outbox.js';
import type { OutboxRow } from './outbox-schema.js';
import { parseSmtpUrl } from './smtp-url.js';
import { type SmtpSink, startSmtpSink } from './testing/smtp-sink.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';
import { createTransport, type OutgoingMail, type Transport } from './transport.js';

const mail = (id: string): OutgoingMail => ({
  id,
  messageId: `<${id}@acme.test>`,
  from: 'Acme <no-reply@acme.test>',
  to: 'ada@example.com',
  subject: 'Hello Ada',
  text: 'plain body',
  html: '<p>html body</p>',
});

describe('transports', () => {
  let t: TempDatabase;
  let sink: SmtpSink | undefined;
  const opened: Transport[] = [];
  const open = (spec: Parameters<typeof createTransport>[0]) => {
    const tr = createTransport(spec);
    opened.push(tr);
    return tr;
  };

  beforeEach(() => {
    t = createTempDatabase();
  });
  afterEach(async () => {
    for (const tr of opened.splice(0)) tr.close();
    await sink?.stop();
    sink = undefined;
    t.cleanup();
  });

  it('writes each mail as a parseable <id>.eml, once per id, leaving no temp file', async () => {
    const dir = join(t.dir, 'mail');
    const eml = open({ eml: dir });
    const id = '0190c2a4-7b1e-7000-8000-000000000001';
    expect(await eml.send(mail(id))).toEqual({ messageId: `<${id}@acme.test>` });
    await eml.send(mail(id)); // a retry replaces its own file
    expect(readdirSync(dir)).toEqual([`${id}.eml`]);
    const raw = readFileSync(join(dir, `${id}.eml`));
    expect(raw.toString()).toContain('\r\n');
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(`<${id}@acme.test>`);
    expect(parsed.subject).toBe('Hello Ada');
    expect(parsed.text?.trim()).toBe('plain body');
    expect(parsed.html).toContain('<p>html body</p>');
  });

  it('accepts a file:/// URL, and the dispatcher delivers into the folder', async () => {
    const dir = join(t.dir, 'outbox files');
    const outbox = createOutbox(t.db, { from: 'no-reply@acme.test', appName: 'Acme' });
    const id = outbox.enqueue({
      to: 'ada@example.com',
      template: 'changed',
      data: { user: { firstName: 'Ada' } },
    });
    const d = createMailDispatcher({ database: t.file, transport: pathToFileURL(dir).href });
    expect(await d.drain()).toEqual({ sent: 1, failed: 0, dead: 0 });
    await d.stop();
    const parsed = await simpleParser(readFileSync(join(dir, `${id}.eml`)));
    expect(parsed.subject).toBe('Your Acme password was changed');
    expect(parsed.messageId).toBe(`<${id}@acme.test>`);
  });

  it('refuses an id that is not file-safe', async () => {
    const eml = open({ eml: join(t.dir, 'mail') });
    await expect(eml.send(mail('../escape'))).rejects.toMatchObject({ code: 'badRequest' });
    expect(readdirSync(t.dir)).not.toContain('escape.eml');
  });

  it('signs in with the credentials of an smtp:// URL', async () => {
    sink = await startSmtpSink({ auth: { user: 'mailer@acme', pass: 'p@ss:w/rd' } });
    const smtp = open(
      `smtp://${encodeURIComponent('mailer@acme')}:${encodeURIComponent('p@ss:w/rd')}@127.0.0.1:${sink.port}`,
    );
    expect(smtp.description).toBe(`smtp://***@127.0.0.1:${sink.port}`);
    await smtp.send(mail('a1'));
    expect(sink.messages[0]).toMatchObject({ user: 'mailer@acme', messageId: '<a1@acme.test>' });
  });

  it('keeps a wrong password out of the stored error', async () => {
    sink = await startSmtpSink({ auth: { user: 'mailer', pass: 'right' } });
    const outbox = createOutbox(t.db, { from: 'no-reply@acme.test' });
    const id = outbox.enqueue({ to: 'ada@example.com', subject: 's', text: 't' });
    const d = createMailDispatcher({
      database: t.file,
      transport: `smtp://mailer:Wr0ng-S3cret@127.0.0.1:${sink.port}`,
    });
    expect(await d.drain()).toMatchObject({ failed: 1 });
    await d.stop();
    const row = t.db.prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as OutboxRow;
    expect(row.last_error).toMatch(/EAUTH|Invalid/);
    expect(JSON.stringify(row)).not.toContain('Wr0ng-S3cret');
    expect(JSON.stringify(row)).not.toContain(Buffer.from('Wr0ng-S3cret').toString('base64'));
  });

  it('talks STARTTLS: refuses a self-signed certificate unless told rejectUnauthorized=false', async () => {
    sink = await startSmtpSink({ starttls: true });
    await expect(open(sink.url).send(mail('t1'))).rejects.toThrow(/certificate/i);
    await open(`${sink.url}?rejectUnauthorized=false`).send(mail('t2'));
    await open(`${sink.url}?tls=off`).send(mail('t3'));
    expect(sink.messages.map((m) => m.messageId)).toEqual(['<t2@acme.test>', '<t3@acme.test>']);
  });

  it('speaks TLS from the first byte with smtps://', async () => {
    sink = await startSmtpSink({ secure: true });
    expect(sink.url).toMatch(/^smtps:/);
    await expect(open(sink.url).send(mail('s1'))).rejects.toThrow(/certificate/i);
    await open(`${sink.url}?rejectUnauthorized=false`).send(mail('s2'));
    expect(sink.messages.map((m) => m.messageId)).toEqual(['<s2@acme.test>']);
  });

  it('takes a nodemailer options object', async () => {
    sink = await startSmtpSink();
    await open({ host: '127.0.0.1', port: sink.port, secure: false }).send(mail('o1'));
    expect(sink.messages[0]?.messageId).toBe('<o1@acme.test>');
  });

  it('parses SMTP URLs into nodemailer options', () => {
    expect(parseSmtpUrl('smtps://u:p%40ss@mail.acme.test?name=app.acme.test&socketTimeout=5000')).toEqual({
      options: {
        host: 'mail.acme.test',
        port: 465,
        secure: true,
        auth: { user: 'u', pass: 'p@ss' },
        name: 'app.acme.test',
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 5000,
      },
      description: 'smtps://***@mail.acme.test',
      secrets: ['p@ss', 'p%40ss'],
    });
    expect(
      parseSmtpUrl('smtp://mail.acme.test:2525?tls=required&tls.rejectUnauthorized=false').options,
    ).toMatchObject({
      port: 2525,
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    });
    expect(parseSmtpUrl('smtp://mail.acme.test').options.port).toBe(587);
  });

  it.each([
    ['smtp://u:hunter2@', 'an SMTP URL must look like smtp://user:pass@host:port'],
    ['smtp://u:hunter2@h?verbose=1', "smtp://***@h: query option 'verbose' is unknown"],
    ['smtp://u:hunter2@h?tls=maybe', "query option 'tls' must be required, auto or off"],
    ['smtp://u:hunter2@h?socketTimeout=soon', "query option 'socketTimeout' must be milliseconds"],
    ['http://h', 'spec must be an smtp://, smtps:// or file:// URL'],
  ])('rejects %s without echoing its password', (spec, message) => {
    let err: unknown;
    try {
      createTransport(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'badRequest', message: expect.stringContaining(message) });
    expect((err as Error).message).not.toContain('hunter2');
  });

  it.each([
    [42, 'spec must be a URL string or an object, got number 42'],
    [{ eml: '' }, 'eml must be a folder path'],
    [{ eml: '/tmp/x', host: 'h' }, 'an { eml } spec takes no other key'],
  ])('rejects the spec %j', (spec, message) => {
    expect(() => createTransport(spec as never)).toThrow(
      expect.objectContaining({ code: 'badRequest', message: expect.stringContaining(message) }),
    );
  });

  it('scrubs secrets and URL credentials from transport errors', () => {
    const err = Object.assign(new Error('login s3cr3t failed for smtp://u:s3cr3t@h (czNjcjN0)'), {
      code: 'EAUTH',
      responseCode: 535,
    });
    const safe = scrubError(err, ['s3cr3t']);
    expect(safe.message).toBe('login *** failed for smtp://***@h (***)');
    expect(safe).toMatchObject({ code: 'EAUTH', responseCode: 535 });
  });
});
