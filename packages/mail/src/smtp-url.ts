import { badRequest } from '@warden/sys-api';
import { SMTP_TIMEOUTS } from './nodemailer-transport.js';

/** An SMTP URL turned into nodemailer options, a printable description and the secrets in it. */
export interface ParsedSmtpUrl {
  options: Record<string, unknown>;
  /** `smtp://***@host:port`: safe to log. */
  description: string;
  secrets: string[];
}

const BOOLEAN: Record<string, boolean> = { true: true, false: false, 1: true, 0: false };
const TIMEOUTS = new Set(['connectionTimeout', 'greetingTimeout', 'socketTimeout']);
// `tls=required` insists on STARTTLS, `tls=off` never tries it, `tls=auto` (nodemailer's way) uses it when offered.
const TLS_MODES: Record<string, Record<string, boolean>> = {
  required: { requireTLS: true },
  off: { ignoreTLS: true },
  auto: {},
};

/**
 * Parses `smtp://user:pass@host:port?…` or `smtps://…` (TLS from the first byte). Query options:
 * `tls=required|auto|off`, `rejectUnauthorized=false` (also `tls.rejectUnauthorized`), `name`
 * (the client's HELO name), `pool=true`, and `connectionTimeout`/`greetingTimeout`/`socketTimeout` in ms.
 * Error messages show the URL without its password.
 */
export function parseSmtpUrl(spec: string): ParsedSmtpUrl {
  const url = URL.canParse(spec) ? new URL(spec) : null;
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw badRequest('createTransport: an SMTP URL must look like smtp://user:pass@host:port');
  }
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const description = `${url.protocol}//${url.username ? '***@' : ''}${url.host}`;
  const options: Record<string, unknown> = { ...SMTP_TIMEOUTS, host: url.hostname, port, secure };
  const secrets: string[] = [];
  if (url.username) {
    const auth = { user: decode(url.username, description), pass: decode(url.password, description) };
    options.auth = auth;
    if (auth.pass) secrets.push(auth.pass, url.password);
  }
  for (const [key, value] of url.searchParams) applyQueryOption(options, key, value, description);
  return { options, description, secrets };
}

function applyQueryOption(options: Record<string, unknown>, key: string, value: string, where: string): void {
  const bad = (what: string) => badRequest(`createTransport: ${where}: query option '${key}' ${what}`);
  if (key === 'tls') {
    const mode = TLS_MODES[value];
    if (!mode) throw bad(`must be required, auto or off, got '${value}'`);
    Object.assign(options, mode);
  } else if (key === 'rejectUnauthorized' || key === 'tls.rejectUnauthorized') {
    if (!(value in BOOLEAN)) throw bad(`must be true or false, got '${value}'`);
    options.tls = { ...(options.tls as object), rejectUnauthorized: BOOLEAN[value] };
  } else if (key === 'pool') {
    if (!(value in BOOLEAN)) throw bad(`must be true or false, got '${value}'`);
    options.pool = BOOLEAN[value];
  } else if (key === 'name') {
    if (!/^[A-Za-z0-9.-]{1,253}$/.test(value)) throw bad('must be a host name');
    options.name = value;
  } else if (TIMEOUTS.has(key)) {
    if (!/^\d{1,9}$/.test(value)) throw bad(`must be milliseconds, got '${value}'`);
    options[key] = Number(value);
  } else {
    throw bad(
      'is unknown (known: tls, rejectUnauthorized, name, pool, connectionTimeout, greetingTimeout, socketTimeout)',
    );
  }
}

function decode(part: string, where: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw badRequest(`createTransport: ${where}: the user name or password is not valid URL encoding`);
  }
}
