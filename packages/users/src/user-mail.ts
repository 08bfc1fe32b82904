import type { RecordData } from '@warden/sys-api';
import { emailOf, mailUser } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** A code and the page link that carries it. */
export interface CodeLink {
  code: string;
  link: string;
  expiresAt: number;
}

// The pages the host serves for codes, relative to the app's baseUrl (the mail package agrees).
const PAGES = { welcome: 'set-password', reset: 'reset-password' } as const;

/** Issues a code for the user (voiding older ones) and builds its link. */
export function issueCodeLink(
  ctx: UsersContext,
  userId: string,
  page: keyof typeof PAGES,
  ttlMs: number,
): CodeLink {
  const { code, expiresAt } = ctx.codes.issue(userId, ttlMs);
  const base = ctx.store.app.baseUrl.replace(/\/+$/, '');
  return { code, expiresAt, link: `${base}/${PAGES[page]}?code=${encodeURIComponent(code)}` };
}

/**
 * Queues a template mail to the user inside the current transaction. Every mail that carries a
 * code or a password is sensitive: the outbox hides its body and erases it once sent.
 */
export function mailUserTemplate(
  ctx: UsersContext,
  template: 'welcome' | 'reset' | 'changed',
  user: RecordData,
  extra: Record<string, unknown> = {},
): void {
  const fields = mailUser(user);
  ctx.outbox.enqueue({
    to: emailOf(user),
    template,
    data: { ...fields, user: fields, ...extra },
    sensitive: template !== 'changed',
  });
}

/** `extra` for a mail that carries `link`. */
export function codeMailData(ctx: UsersContext, link: CodeLink): Record<string, unknown> {
  return {
    link: link.link,
    code: link.code,
    expiresInMinutes: Math.round((link.expiresAt - ctx.now()) / 60_000),
  };
}
