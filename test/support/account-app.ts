import { readFileSync } from 'node:fs';
import type { SmtpSink } from '@warden/mail/testing';
import { EXAMPLE_APP } from './test-runtime.js';

/**
 * The example app with the account options on: username and phone sign-in, email verification,
 * `customers` as the default group (passwords last 30 days) and an MFA-required `staff` group.
 */
export const ACCOUNT_APP = (() => {
  const app = JSON.parse(readFileSync(EXAMPLE_APP, 'utf8'));
  app.groups.push(
    { name: 'customers', label: 'Customers', passwordPolicy: { minLength: 10, expirationDays: 30 } },
    { name: 'staff', label: 'Staff', mfaRequired: true },
  );
  app.users = {
    ...app.users,
    identifiers: ['username', 'phone'],
    emailVerification: true,
    defaultGroup: 'customers',
  };
  return app;
})();

/** The runtime's `users.secretKey` in these suites. */
export const SECRET_KEY = 'e2e-secret-key-kept-outside-the-database-0123456789';

/** The code a verification or email-change mail carries. */
export const codeIn = (text: string) => /code ([\w-]{43})/.exec(text)?.[1] ?? '';

/** The first mail to `to` that reaches the sink (waits up to 5 s). */
export async function mailTo(sink: SmtpSink, to: string, after = 0) {
  for (let i = 0; i < 250; i++) {
    const found = sink.messages.slice(after).find((m) => m.rcptTo.includes(to));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail to ${to}`);
}
