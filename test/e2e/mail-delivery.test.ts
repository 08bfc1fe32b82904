import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, example, type TestRuntime } from '../support/test-runtime.js';

// Mail through a real SMTP server on loopback: the outbox, its dispatcher and nodemailer.
const PASSWORDS = ['CurrentPassword456', 'OldPassword123', 'Fresh-Password-77', 'Typed-In-Script-1'];
const USERS = { entity: 'sys.users' };

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mail through SMTP', () => {
  let sink: SmtpSink;
  let w: TestRuntime;
  const logs: string[] = [];
  const run = async (source: string, options = {}) => {
    const result = await w.run(source, options);
    logs.push(...result.logs.map((l) => l.message));
    return result;
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    w = await createTestRuntime({
      mail: { transport: sink.url, dispatch: true, pollMs: 100, retry: { baseMs: 50, maxMs: 200 } },
    });
    await run(example('fixtures/sample-users.js'), USERS);
  });
  afterAll(async () => {
    await w.dispose();
    await sink.stop();
  });

  it('the reset mail arrives with a code that works once', async () => {
    await run(example('seed-samples/03-resetPassword.js'));
    const [mail] = await sink.waitFor(1);
    expect(mail!.rcptTo).toEqual(['user@company.com']);
    const code = /reset-password\?code=([\w-]+)/.exec(mail!.text)?.[1];
    expect(code).toBeTruthy();
    const user = (await w.store.findOne('sys.users', 'user@company.com'))!;
    await w.users.completePasswordReset(code!, 'Fresh-Password-77');
    expect(await w.users.verifyPassword(user.id!, 'Fresh-Password-77')).toBe(true);
    await expect(w.users.completePasswordReset(code!, 'Fresh-Password-78')).rejects.toThrow();
  });

  it('a script that throws after resetPassword sends nothing', async () => {
    const before = sink.messages.length;
    await expect(
      run(`sys.users.resetPassword(sys.data.findOne('sys.users', 'user@company.com'), {notifyUser: true});
           throw new Error('nope');`),
    ).rejects.toMatchObject({ code: 'javascriptException' });
    await w.mail.drain();
    expect(sink.messages.length).toBe(before);
  });

  it('mail queued while the server is down is delivered once it is back, none twice', async () => {
    const before = sink.messages.length;
    await sink.stop();
    await run(`
      ['user@company.com', 'your_email@example.com'].forEach(function (email) {
        sys.users.resetPassword(sys.data.findOne('sys.users', email), {notifyUser: true});
      });`);
    await w.mail.drain();
    await waitUntil(async () => (await w.mail.list()).some((m) => m.state === 'failed'));
    expect(sink.messages.length).toBe(before);
    await sink.restart();
    await waitUntil(() => sink.messages.length >= before + 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(sink.messages.length).toBe(before + 2);
    expect([...sink.countByMessageId().values()].every((n) => n === 1)).toBe(true);
    expect((await w.mail.list()).every((m) => m.state === 'sent')).toBe(true);
  });

  it('no plaintext password in the database, the logs or the outbox', async () => {
    await run(example('seed-samples/04-updatePassword.js'));
    await run(`var u = sys.data.createRecord('sys.users');
      u.field('firstName').val('Typed'); u.field('lastName').val('In'); u.field('email').val('typed@in.io');
      u.field('authentication.generatePassword').val(false);
      ['password', 'passwordConfirmation', 'newPassword'].forEach(function (f) {
        u.field('authentication.' + f).val('Typed-In-Script-1');
      });
      sys.data.save(u);
      log('password reads back as ' + u.field('authentication.password').val());`);
    expect(logs).toContain('password reads back as null');
    await w.mail.drain();
    const files = readdirSync(w.dir).filter((f) => f.startsWith('app.db'));
    const bytes = files.map((f) => readFileSync(join(w.dir, f)).toString('latin1')).join('\n');
    const outbox = JSON.stringify(await w.mail.list());
    const mails = sink.messages.map((m) => m.raw).join('\n');
    for (const password of PASSWORDS) {
      expect(bytes.includes(password), `${password} in the database files`).toBe(false);
      expect(logs.join('\n').includes(password), `${password} in the logs`).toBe(false);
      expect(outbox.includes(password), `${password} in the outbox`).toBe(false);
      expect(mails.includes(password), `${password} in a mail`).toBe(false);
    }
  });
});
