import type { FieldType } from '@warden/sys-api';
import type { AccountOptions } from './account-options.js';

/**
 * One field of an entity, normalized: every flag is present. `min`/`max` are lengths for text
 * types, values for numbers, `YYYY-MM-DD` strings for dates and epoch milliseconds for dateTimes.
 */
export interface FieldDef {
  type: FieldType;
  label?: string;
  multiple: boolean;
  required: boolean;
  unique: boolean;
  indexed: boolean;
  /** Accepted on save and handed to `beforeSave` interceptors, never stored, read back as null. */
  writeOnly: boolean;
  default?: unknown;
  min?: number | string;
  max?: number | string;
  /** A regular expression that text values must match. */
  pattern?: string;
  /** Choice codes, for `choice`. */
  options?: string[];
  /** Target entity, for `relationship`. */
  entity?: string;
  /** Child fields, for `nested`. */
  fields?: Record<string, FieldDef>;
}

/** One entity: its fields and its label (a field name or a `{field}` template). */
export interface EntityDef {
  name: string;
  label?: string;
  fields: Record<string, FieldDef>;
  /** Keep a full-text index of the text fields for `_globalSearch` (it costs every write). */
  globalSearch?: boolean;
  /** Record every change of its records in the audit log (`record.history()`). */
  history?: boolean;
}

/** Password rules of a group (`groups[].passwordPolicy`); the users package interprets them. */
export interface PasswordPolicy {
  /** Minimum length in characters; 8 when absent. */
  minLength?: number;
  upper?: boolean;
  lower?: boolean;
  digit?: boolean;
  symbol?: boolean;
  /** Consecutive failed sign-ins that block the user; absent or 0 means never. */
  maxLoginAttempts?: number;
  /** Days a password lasts: sign-in answers `passwordExpired` once it is older. */
  expirationDays?: number;
}

export interface GroupDef {
  name: string;
  label: string;
  /** A stable id; when absent the store assigns one on first sight and keeps it. */
  id?: string;
  passwordPolicy?: PasswordPolicy;
  /** Members must sign in with a second factor (TOTP); those without one enrol at sign-in. */
  mfaRequired?: boolean;
}

export interface IdentityProviderDef {
  name: string;
  label: string;
  type: string;
  id?: string;
  /**
   * Sign-in settings of the provider (`oidc`, `oauth`): read by @warden/users' provider sign-in,
   * never sent into isolates. Secrets are not kept here but named (`clientSecretEnv`).
   */
  settings?: Record<string, unknown>;
}

export interface EndpointDef {
  name: string;
  perUser: boolean;
}

export interface MailTemplateDef {
  subject: string;
  text: string;
  html?: string;
}

export interface MailDef {
  from: string;
  templates?: Partial<Record<'welcome' | 'reset' | 'changed', MailTemplateDef>>;
}

/**
 * A validated, normalized app definition. `entities` includes the built-in `sys.users`
 * (extended by `users.fields`). `mail`, `hooks` and `libraries` (the app's shared scripts) pass
 * through for other packages.
 */
export interface AppDefinition {
  name: string;
  baseUrl: string;
  entities: Record<string, EntityDef>;
  /** `users.fields` and the account options (identifiers, email verification, default group). */
  users: { fields: Record<string, FieldDef> } & AccountOptions;
  groups: GroupDef[];
  identityProviders: IdentityProviderDef[];
  endpoints: EndpointDef[];
  mail?: MailDef;
  hooks: Record<string, unknown>[];
  /** Roles, permissions and access rules; @warden/authz validates and interprets them. */
  authorization?: Record<string, unknown>;
  libraries: Record<string, unknown>[];
  /** The audit log's retention (record history and user events); kept forever when absent. */
  audit?: { retentionDays?: number };
  /** Actions and cron schedules, as given; @warden/jobs validates them. */
  actions?: unknown;
  schedules?: unknown;
}

/** Every field type, in the order of the docs. */
export const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'longText',
  'email',
  'integer',
  'decimal',
  'boolean',
  'date',
  'dateTime',
  'choice',
  'relationship',
  'nested',
  'json',
  'group',
  'money',
  'time',
  'url',
  'rank',
];

/** The name of the built-in users entity. */
export const USERS_ENTITY = 'sys.users';
