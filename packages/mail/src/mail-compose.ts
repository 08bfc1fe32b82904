import { badRequest } from '@warden/sys-api';
import { describeValue, isPlainObject } from './describe-value.js';
import { escapeHtml, renderTemplate } from './template-render.js';
import type { CompiledMailTemplate, TemplateName } from './templates.js';

/** A mail ready to store: what the recipient will see. */
export interface ComposedMail {
  subject: string;
  text: string;
  html: string | null;
}

/** What a template is rendered with, besides the caller's data. */
export interface ComposeContext {
  to: string;
  appName: string;
  baseUrl: string | null;
}

// The page a code-bearing link opens, relative to the app's baseUrl.
const LINK_PAGES: Partial<Record<TemplateName, string>> = {
  welcome: 'set-password',
  reset: 'reset-password',
};

/**
 * Renders a template with `data`. The context offers `appName`, `baseUrl`, `link`, `user.*`
 * and the user's `firstName`/`lastName`/`email` at the top level, then every key of `data`.
 */
export function composeTemplateMail(
  name: TemplateName,
  template: CompiledMailTemplate,
  data: unknown,
  ctx: ComposeContext,
): ComposedMail {
  if (!isPlainObject(data)) throw badRequest(`enqueue: data must be an object, got ${describeValue(data)}`);
  const user = isPlainObject(data.user) ? data.user : {};
  const email = user.email ?? ctx.to;
  const link = linkFor(name, data, ctx.baseUrl);
  const context: Record<string, unknown> = {
    appName: ctx.appName,
    baseUrl: ctx.baseUrl ?? '',
    firstName: user.firstName,
    lastName: user.lastName,
    email,
    ...data,
    user: { ...user, email },
    link,
  };
  return {
    subject: oneLine(renderTemplate(template.subject, context)),
    text: renderTemplate(template.text, context),
    html: template.html ? renderTemplate(template.html, context, escapeHtml) : null,
  };
}

/** Checks a raw mail's parts. */
export function composeRawMail(mail: Record<string, unknown>): ComposedMail {
  const { subject, text, html } = mail;
  if (typeof subject !== 'string' || !subject.trim()) {
    throw badRequest(`enqueue: subject must be a non-empty string, got ${describeValue(subject)}`);
  }
  if (typeof text !== 'string')
    throw badRequest(`enqueue: text must be a string, got ${describeValue(text)}`);
  if (html !== undefined && html !== null && typeof html !== 'string') {
    throw badRequest(`enqueue: html must be a string when given, got ${describeValue(html)}`);
  }
  return { subject: oneLine(subject), text, html: html ?? null };
}

function linkFor(
  name: TemplateName,
  data: Record<string, unknown>,
  baseUrl: string | null,
): string | undefined {
  if (data.link !== undefined) {
    if (typeof data.link !== 'string' || !/^https?:\/\//i.test(data.link)) {
      throw badRequest(`enqueue: data.link must be an http(s) URL, got ${describeValue(data.link)}`);
    }
    return data.link;
  }
  const page = LINK_PAGES[name];
  if (!page) return undefined;
  if (data.code !== undefined && typeof data.code !== 'string') {
    throw badRequest(`enqueue: data.code must be a string, got ${describeValue(data.code)}`);
  }
  if (typeof data.code === 'string') {
    if (!baseUrl) throw badRequest(`enqueue: the ${name} mail's link needs data.link or an outbox baseUrl`);
    return `${baseUrl.replace(/\/+$/, '')}/${page}?code=${encodeURIComponent(data.code)}`;
  }
  if (name === 'reset') throw badRequest('enqueue: the reset mail needs data.link or data.code');
  return undefined;
}

// A subject is one header line: line breaks from user data become spaces.
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').trim();
}
