import { isWardenError, type WardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutbox, type Outbox } from './outbox.js';
import { createTempDatabase, type TempDatabase } from './testing/temp-database.js';

const ada = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' };

function caught(fn: () => unknown): WardenError {
  try {
    fn();
  } catch (err) {
    if (isWardenError(err)) return err;
    throw err;
  }
  throw new Error('expected a WardenError');
}

describe('outbox', () => {
  let t: TempDatabase;
  let outbox: Outbox;
  const count = () => (t.db.prepare('SELECT count(*) AS n FROM mail_outbox').get() as { n: number }).n;

  beforeEach(() => {
    t = createTempDatabase();
    outbox = createOutbox(t.db, {
      from: 'Acme <no-reply@acme.test>',
      baseUrl: 'https://acme.test/app/',
      appName: 'Acme',
    });
  });
  afterEach(() => t.cleanup());

  it('renders at enqueue time and stores a self-contained pending row', () => {
    const id = outbox.enqueue({
      to: ada.email,
      template: 'reset',
      data: { user: ada, code: 'c0de/+', expiresInMinutes: 30 },
    });
    const row = t.db.prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row).toMatchObject({
      to: ada.email,
      from: 'Acme <no-reply@acme.test>',
      state: 'pending',
      template: 'reset',
    });
    expect(row.subject).toBe('Reset your Acme password');
    expect(row.text).toContain('Hello Ada,');
    expect(row.text).toContain('https://acme.test/app/reset-password?code=c0de%2F%2B');
    expect(row.text).toContain('within 30 minutes');
    expect(row.html).toContain('<a href="https://acme.test/app/reset-password?code=c0de%2F%2B">');
    expect(row.message_id).toBe(`<${id}@acme.test>`);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('rolls back with the caller’s transaction and commits with it', () => {
    t.db.exec('BEGIN');
    outbox.enqueue({ to: ada.email, template: 'changed', data: { user: ada } });
    t.db.exec('ROLLBACK');
    expect(count()).toBe(0);
    const tx = t.db.transaction(() =>
      outbox.enqueue({ to: ada.email, template: 'changed', data: { user: ada } }),
    );
    tx();
    expect(count()).toBe(1);
  });

  it('lists newest first with state, filters by state and recipient, and limits', () => {
    const first = outbox.enqueue({ to: 'a@x.test', subject: 'One', text: '1' });
    const second = outbox.enqueue({ to: 'b@x.test', subject: 'Two', text: '2', html: '<b>2</b>' });
    t.db.prepare(`UPDATE mail_outbox SET state = 'sent' WHERE id = ?`).run(first);
    expect(outbox.list().map((e) => e.id)).toEqual([second, first]);
    expect(outbox.list({ state: 'sent' }).map((e) => e.id)).toEqual([first]);
    expect(outbox.list({ to: 'B@X.TEST' })).toMatchObject([
      { id: second, text: '2', html: '<b>2</b>', state: 'pending' },
    ]);
    expect(outbox.list({ limit: 1 })).toHaveLength(1);
  });

  it('never lists the body of a sensitive mail, and marks welcome and reset sensitive by default', () => {
    outbox.enqueue({ to: ada.email, template: 'welcome', data: { user: ada, password: 'Tmp-pass-123' } });
    outbox.enqueue({ to: ada.email, template: 'changed', data: { user: ada } });
    outbox.enqueue({ to: ada.email, subject: 'Raw', text: 'secret', sensitive: true });
    const [raw, changed, welcome] = outbox.list();
    expect(welcome).toMatchObject({ sensitive: true, text: null, html: null, subject: 'Welcome to Acme' });
    expect(raw).toMatchObject({ sensitive: true, text: null, html: null });
    expect(changed).toMatchObject({ sensitive: false });
    expect(changed?.text).toContain('was just changed');
    expect(JSON.stringify(outbox.list())).not.toContain('Tmp-pass-123');
  });

  it('includes a generated password in the welcome mail only when given', () => {
    const withPw = outbox.enqueue({
      to: ada.email,
      template: 'welcome',
      data: { user: ada, password: 'Tmp-pass-123' },
    });
    const withCode = outbox.enqueue({ to: ada.email, template: 'welcome', data: { user: ada, code: 'abc' } });
    const text = (id: string) =>
      (t.db.prepare('SELECT text FROM mail_outbox WHERE id = ?').get(id) as { text: string }).text;
    expect(text(withPw)).toContain('Or sign in with this temporary password: Tmp-pass-123');
    expect(text(withPw)).not.toContain('Set your password');
    expect(text(withCode)).toContain('Set your password here: https://acme.test/app/set-password?code=abc');
    expect(text(withCode)).not.toContain('temporary password');
  });

  it('escapes user fields in HTML but not in text', () => {
    const evil = { ...ada, firstName: '<img src=x onerror=alert(1)>' };
    const id = outbox.enqueue({ to: ada.email, template: 'changed', data: { user: evil } });
    const row = t.db.prepare('SELECT text, html FROM mail_outbox WHERE id = ?').get(id) as {
      text: string;
      html: string;
    };
    expect(row.html).toContain('Hello &#60;img src=x onerror=alert(1)&#62;,');
    expect(row.html).not.toContain('<img');
    expect(row.text).toContain('Hello <img src=x onerror=alert(1)>,');
  });

  it('uses per-app template overrides, keeping defaults for the others', () => {
    const custom = createOutbox(t.db, {
      from: 'no-reply@acme.test',
      appName: 'Acme',
      templates: {
        changed: {
          subject: '{{appName}}: password changed for {{user.email}}',
          text: 'Bye {{firstName}} {{lastName}}',
        },
      },
    });
    const id = custom.enqueue({ to: ada.email, template: 'changed', data: { user: ada } });
    const row = t.db.prepare('SELECT subject, text, html FROM mail_outbox WHERE id = ?').get(id);
    expect(row).toEqual({
      subject: 'Acme: password changed for ada@example.com',
      text: 'Bye Ada Lovelace',
      html: null,
    });
    const reset = custom.enqueue({
      to: ada.email,
      template: 'reset',
      data: { user: ada, link: 'https://x.test/r' },
    });
    expect(custom.list().find((e) => e.id === reset)?.subject).toBe('Reset your Acme password');
  });

  it('keeps a subject on one line', () => {
    const id = outbox.enqueue({
      to: ada.email,
      template: 'changed',
      data: { user: ada, appName: 'Evil\r\nBcc: x@y.test' },
    });
    expect(outbox.list().find((e) => e.id === id)?.subject).toBe(
      'Your Evil Bcc: x@y.test password was changed',
    );
  });

  it.each([
    [
      { to: 'not an address', subject: 's', text: 't' },
      'enqueue: to must be one email address, got "not an address"',
    ],
    [{ to: 'a@x.test, b@x.test', subject: 's', text: 't' }, 'enqueue: to must be one email address'],
    [{ to: 'a@x.test\r\nBcc: b@x.test', subject: 's', text: 't' }, 'enqueue: to must be one email address'],
    [{ to: 42, subject: 's', text: 't' }, 'enqueue: to must be one email address, got number 42'],
    [
      { to: 'a@x.test', template: 'bye', data: {} },
      'enqueue: template must be one of welcome, reset, changed, got "bye"',
    ],
    [{ to: 'a@x.test', template: 'changed', data: 'x' }, 'enqueue: data must be an object, got "x"'],
    [{ to: 'a@x.test', template: 'reset', data: {} }, 'enqueue: the reset mail needs data.link or data.code'],
    [
      { to: 'a@x.test', template: 'reset', data: { link: 'javascript:alert(1)' } },
      'enqueue: data.link must be an http(s) URL',
    ],
    [{ to: 'a@x.test', subject: '', text: 't' }, 'enqueue: subject must be a non-empty string'],
    [
      { to: 'a@x.test', subject: 's', text: 't', sensitive: 'yes' },
      'enqueue: sensitive must be a boolean, got "yes"',
    ],
    [
      { to: 'a@x.test', subject: 's', text: 't', bcc: 'z@x.test' },
      "enqueue: unknown key 'bcc' in a raw mail",
    ],
  ])('rejects %j with a coded error and writes nothing', (mail, message) => {
    const err = caught(() => outbox.enqueue(mail as never));
    expect(err.code).toBe('badRequest');
    expect(err.message).toContain(message);
    expect(count()).toBe(0);
  });

  it('needs a baseUrl to build a link from a code', () => {
    const bare = createOutbox(t.db, { from: 'no-reply@acme.test' });
    const err = caught(() => bare.enqueue({ to: ada.email, template: 'reset', data: { code: 'abc' } }));
    expect(err.message).toBe("enqueue: the reset mail's link needs data.link or an outbox baseUrl");
  });

  it('reports every bad template at once, with its path', () => {
    const err = caught(() =>
      createOutbox(t.db, {
        from: 'no-reply@acme.test',
        templates: {
          welcome: { subject: '', text: 'Hi {{first name}}' },
          reset: { subject: 'ok', text: '{{#code}}open', footer: 'x' },
          bye: { subject: 'x', text: 'y' },
          changed: 'nope',
        },
      }),
    );
    expect(err.code).toBe('validationErrors');
    expect(err.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'mail.templates.bye:unknown',
      'mail.templates.changed:invalid',
      'mail.templates.reset.footer:unknown',
      'mail.templates.reset.text:invalid',
      'mail.templates.welcome.subject:required',
      'mail.templates.welcome.text:invalid',
    ]);
    expect(err.message).toMatch(/^createOutbox: invalid mail templates: /);
  });

  it.each([
    [{ from: 'nobody' }, 'createOutbox: options.from must be an email address'],
    [{ from: 'a@x.test', baseUrl: 'ftp://x.test' }, 'createOutbox: options.baseUrl must be an http(s) URL'],
    [{ from: 'a@x.test', appName: '' }, 'createOutbox: options.appName must be a non-empty string'],
  ])('rejects bad options %j', (options, message) => {
    const err = caught(() => createOutbox(t.db, options as never));
    expect([err.code, err.message]).toEqual(['badRequest', expect.stringContaining(message)]);
  });

  it('rejects bad list filters', () => {
    expect(caught(() => outbox.list({ state: 'lost' as never })).message).toBe(
      'list: state must be one of pending, sending, sent, failed, dead, got "lost"',
    );
    expect(caught(() => outbox.list({ limit: 0 })).message).toContain(
      'list: limit must be an integer from 1 to 1000',
    );
  });
});
