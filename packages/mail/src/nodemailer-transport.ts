import nodemailer from 'nodemailer';
import type { OutgoingMail, Transport } from './transport.js';

/** Short SMTP timeouts: a dead server should fail an attempt in seconds, well within the lease. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

/** nodemailer's message for an outgoing mail; file and URL access are off, content is inline only. */
export function toNodemailerMessage(mail: OutgoingMail) {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text ?? '',
    ...(mail.html === null ? {} : { html: mail.html }),
    messageId: mail.messageId,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** Wraps a nodemailer transporter built from `options`; `secrets` are scrubbed from every error. */
export function createNodemailerTransport(
  options: object,
  description: string,
  secrets: string[],
): Transport {
  const transporter = nodemailer.createTransport(options as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    description,
    async send(mail) {
      try {
        const info = await transporter.sendMail(toNodemailerMessage(mail));
        return { messageId: typeof info.messageId === 'string' ? info.messageId : mail.messageId };
      } catch (err) {
        throw scrubError(err, secrets);
      }
    },
    close: () => transporter.close(),
  };
}

/** A copy of a transport error with credentials removed; only safe fields are kept. */
export function scrubError(err: unknown, secrets: readonly string[]): Error {
  const source = err instanceof Error ? err : new Error(String(err));
  let message = source.message.replace(/\/\/[^/\s@]*@/g, '//***@');
  for (const secret of secrets) {
    for (const form of new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
    ])) {
      message = message.split(form).join('***');
    }
  }
  const safe = new Error(message) as Error & { code?: unknown; responseCode?: unknown };
  const { code, responseCode } = source as { code?: unknown; responseCode?: unknown };
  if (typeof code === 'string') safe.code = code;
  if (typeof responseCode === 'number') safe.responseCode = responseCode;
  return safe;
}
