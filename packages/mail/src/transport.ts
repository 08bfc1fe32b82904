import { fileURLToPath } from 'node:url';
import { badRequest } from '@warden/sys-api';
import { describeValue, isPlainObject } from './describe-value.js';
import { createEmlTransport } from './eml-transport.js';
import { createNodemailerTransport, SMTP_TIMEOUTS } from './nodemailer-transport.js';
import { parseSmtpUrl } from './smtp-url.js';

/** One mail as the dispatcher hands it to a transport. */
export interface OutgoingMail {
  /** The outbox row id (UUIDv7). */
  id: string;
  /** The stable `Message-ID` header, the same on every attempt. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string | null;
  html: string | null;
}

/** Delivers mail. Wraps a nodemailer transporter; errors never carry credentials. */
export interface Transport {
  /** Where mail goes, for logs: credentials are never part of it. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/**
 * Where mail goes: `smtp://user:pass@host:port` or `smtps://…` (query options: `tls`,
 * `rejectUnauthorized`, `name`, timeouts, `pool`), `file:///dir` or `{ eml: dir }` for `.eml`
 * files, or a nodemailer transport options object.
 */
export type TransportSpec = string | { eml: string } | object;

/** Builds a transport from its spec; a bad spec is a `badRequest` that never echoes a password. */
export function createTransport(spec: TransportSpec): Transport {
  if (typeof spec === 'string') {
    if (/^file:/i.test(spec)) return createEmlTransport(fileUrlToDir(spec));
    if (/^smtps?:/i.test(spec)) {
      const parsed = parseSmtpUrl(spec);
      return createNodemailerTransport(parsed.options, parsed.description, parsed.secrets);
    }
    throw badRequest('createTransport: spec must be an smtp://, smtps:// or file:// URL');
  }
  if (!isPlainObject(spec)) {
    throw badRequest(`createTransport: spec must be a URL string or an object, got ${describeValue(spec)}`);
  }
  if ('eml' in spec) {
    if (Object.keys(spec).length !== 1)
      throw badRequest('createTransport: an { eml } spec takes no other key');
    return createEmlTransport(spec.eml);
  }
  const auth = isPlainObject(spec.auth) ? spec.auth : {};
  const secrets = [auth.pass, auth.accessToken, auth.refreshToken, auth.clientSecret].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  const where =
    typeof spec.host === 'string' ? `smtp://${spec.host}:${String(spec.port ?? '')}` : 'nodemailer';
  return createNodemailerTransport({ ...SMTP_TIMEOUTS, ...spec }, where, secrets);
}

function fileUrlToDir(spec: string): string {
  try {
    return fileURLToPath(spec);
  } catch {
    throw badRequest(`createTransport: ${describeValue(spec)} is not a valid file:/// URL of a folder`);
  }
}
