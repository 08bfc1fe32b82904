/**
 * @warden/mail: a transactional outbox for Warden's mail. `createOutbox` stores rendered mail in
 * the caller's SQLite transaction; `createMailDispatcher` delivers it after commit, with retry and
 * backoff, through a `createTransport` transport (SMTP URL, `.eml` folder, or nodemailer options).
 */

// Moved to @warden/sys-api (record locks and the event journal judge holders too); kept here for callers.
export { holderGone, processHolder } from '@warden/sys-api';
export type { RetryPolicy } from './backoff.js';
export type { MailDispatcherOptions, MailLogger } from './dispatcher-options.js';
export { createMailDispatcher, type DeliveryReport, type MailDispatcher } from './mail-dispatcher.js';
export {
  createOutbox,
  type Outbox,
  type OutboxFilter,
  type OutboxOptions,
  type RawMailRequest,
  type RetryFilter,
  type RetryReport,
  type TemplateMailRequest,
} from './outbox.js';
export { MAIL_STATES, type MailState, type OutboxEntry } from './outbox-schema.js';
export {
  defaultTemplate,
  TEMPLATE_NAMES,
  type TemplateDefinition,
  type TemplateName,
} from './templates.js';
export { createTransport, type OutgoingMail, type Transport, type TransportSpec } from './transport.js';
