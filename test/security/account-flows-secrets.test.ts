import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SmtpSink, startSmtpSink } from '@warden/mail/testing';
import { totpAt } from '@warden/users';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_APP, codeIn, mailTo, SECRET_KEY } from '../support/account-app.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { report } from './security-kit.js';

// The account flows' secrets (passwords, email codes, TOTP secrets, recovery codes, challenges,
// refresh tokens, signing keys) never rest in plaintext, and their unauthenticated calls answer
// the same way, in about the same time, whether or not an account exists.
const PASSWORD = 'Secret-Visitor-Pass-77';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('account flow secrets and enumeration', () => {
  let sink: SmtpSink;
  let w: TestRuntime;
  const logs: string[] = [];
  const secrets: Record<string, string> = {};
  const failure = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return 'no error';
    } catch (e) {
      logs.push(String((e as Error).message));
      return `${(e as { code?: string }).code}: ${(e as Error).message}`;
    }
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    w = await createTestRuntime({
      app: ACCOUNT_APP,
      mail: { transport: sink.url, dispatch: true, pollMs: 50 },
      users: { secretKey: SECRET_KEY, accessTokens: {} },
      logger: { error: (m) => void logs.push(m) },
    });
  });
  afterAll(async () => {
    await w.dispose();
    await sink.stop();
  });

  it('sign-up answers a taken email like a new one, in about the same time, and is rate limited', async () => {
    const taken = Array.from({ length: 7 }, (_, i) => `taken${i}@example.com`);
    for (const email of taken) {
      await w.store.insert('sys.users', { firstName: 'T', lastName: 'U', email });
    }
    const times = { fresh: [] as number[], taken: [] as number[] };
    for (let i = 0; i < taken.length; i++) {
      for (const [kind, email] of [
        ['fresh', `fresh${i}@example.com`],
        ['taken', taken[i]!],
      ] as const) {
        const t = performance.now();
        expect(await w.users.signUp({ email, password: PASSWORD })).toEqual({ status: 'verificationSent' });
        times[kind].push(performance.now() - t);
      }
    }
    const [fresh, known] = [median(times.fresh), median(times.taken)];
    report('account-flows sign-up timing', { freshMs: fresh.toFixed(1), takenMs: known.toFixed(1) });
    expect(Math.abs(fresh - known), `medians ${fresh.toFixed(1)} / ${known.toFixed(1)} ms`).toBeLessThan(
      Math.max(fresh, known) * 0.5 + 3,
    );
    // Three sign-ups per email in 15 minutes: the fourth gets the same answer and no mail.
    const before = (await w.mail.list()).length;
    for (let i = 0; i < 3; i++) await w.users.signUp({ email: 'fresh0@example.com', password: PASSWORD });
    expect((await w.mail.list()).length - before).toBe(2);
  });

  it('codes, challenges and recovery codes are single use; every failure reads the same', async () => {
    await w.users.signUp({ email: 'mfa@example.com', password: PASSWORD, phone: '+44 20 7946 0000' });
    const mail = await mailTo(sink, 'mfa@example.com');
    secrets.emailCode = codeIn(mail.text);
    const { userId } = await w.users.confirmEmail(secrets.emailCode);
    const reused = await failure(() => w.users.confirmEmail(secrets.emailCode!));
    const unknown = await failure(() => w.users.confirmEmail('x'.repeat(43)));
    expect(reused).toBe(unknown);
    const { secret } = await w.users.enrollMfa(userId);
    secrets.totp = secret;
    const { recoveryCodes } = await w.users.confirmMfa(
      userId,
      totpAt(Secret.fromBase32(secret).bytes, Date.now()),
    );
    recoveryCodes.forEach((c, i) => {
      secrets[`recovery${i}`] = c;
    });
    const r = await w.users.signIn('+44 20 7946 0000', PASSWORD);
    if (r.status !== 'mfaRequired') throw new Error('expected a challenge');
    secrets.challenge = r.challenge;
    const wrongCode = await failure(() => w.users.completeMfa(r.challenge, '123456'));
    const noChallenge = await failure(() => w.users.completeMfa('y'.repeat(43), recoveryCodes[0]!));
    expect(wrongCode).toBe(noChallenge);
    const done = await w.users.completeMfa(r.challenge, recoveryCodes[0]!);
    if (done.status !== 'ok') throw new Error('expected a session');
    secrets.token = done.session.token;
    secrets.refresh = done.session.refreshToken;
    expect(await failure(() => w.users.completeMfa(r.challenge, recoveryCodes[1]!))).toBe(noChallenge);
    const r2 = (await w.users.signIn('mfa@example.com', PASSWORD)) as { challenge: string };
    expect(await failure(() => w.users.completeMfa(r2.challenge, recoveryCodes[0]!))).toBe(noChallenge);
    // Unknown identifiers and wrong passwords read the same.
    expect(await failure(() => w.users.signIn('+44 20 7946 0001', PASSWORD))).toBe(
      await failure(() => w.users.signIn('mfa@example.com', 'Wrong-Pass-000')),
    );
  });

  it('no secret in the database files, WAL, logs, outbox or mail', async () => {
    await w.users.jwks();
    await w.mail.drain();
    await new Promise((r) => setTimeout(r, 300));
    await w.mail.drain();
    const files = readdirSync(w.dir).filter((f) => f.startsWith('app.db'));
    expect(files).toEqual(expect.arrayContaining(['app.db', 'app.db-wal']));
    const stored = files.map((f) => readFileSync(join(w.dir, f)).toString('latin1')).join('\n');
    const outbox = JSON.stringify(await w.mail.list());
    const mails = sink.messages.map((m) => m.raw).join('\n');
    const all = { ...secrets, password: PASSWORD, secretKey: SECRET_KEY };
    expect(Object.keys(all).length).toBeGreaterThan(15);
    for (const [name, value] of Object.entries(all)) {
      expect(stored.includes(value), `${name} in the database files`).toBe(false);
      expect(logs.join('\n').includes(value), `${name} in logs or errors`).toBe(false);
      expect(outbox.includes(value), `${name} in the outbox`).toBe(false);
      // The email code is what its mail carries; nothing else travels by mail.
      if (name !== 'emailCode') expect(mails.includes(value), `${name} in a mail`).toBe(false);
    }
    expect(stored).not.toMatch(/BEGIN PRIVATE KEY/);
    expect(stored).not.toMatch(/otpauth:\/\//);
  });
});
