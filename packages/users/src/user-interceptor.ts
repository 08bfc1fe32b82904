import { type FieldError, type Fields, validationErrors } from '@warden/sys-api';
import { planAccountFields, removeAccountRows } from './account-fields.js';
import { findProvider, type IdentityLink } from './identity-providers.js';
import { normalizePassword } from './password-hasher.js';
import { checkPassword } from './password-policy.js';
import type { UserSaveEvent } from './store-port.js';
import { removeLifecycleRows } from './user-lifecycle.js';
import { codeMailData, issueCodeLink, mailUserTemplate } from './user-mail.js';
import { USERS } from './user-record.js';
import { afterUserRemove, afterUserSave } from './user-save-effects.js';
import { afterStateSave, planStateFields } from './user-states.js';
import { policyFor, type UsersContext } from './users-context.js';

/** What a save of a user asks for, decided before the write and applied after it. */
interface SavePlan {
  password?: string;
  generated: boolean;
  expired?: boolean;
  links?: IdentityLink[];
  welcome: boolean;
}

const AUTH = 'authentication';
const SECRET_KEYS = ['password', 'passwordConfirmation', 'newPassword'] as const;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Exactly one primary group, in place: the first flagged item wins, else the first item. */
function fixPrimary(fields: Fields): void {
  const items = fields.groups;
  if (!Array.isArray(items) || !items.every(isObject) || items.length === 0) return;
  const primary = Math.max(
    0,
    items.findIndex((i) => i.primary === true),
  );
  items.forEach((item, i) => {
    item.primary = i === primary;
  });
}

/** The password the save sets, if any; checks the three fields agree and meet the policy. */
function planPassword(
  ctx: UsersContext,
  e: UserSaveEvent,
  auth: Record<string, unknown>,
  errors: FieldError[],
) {
  // Only creation generates: on update there is no welcome mail to tell the password to.
  const generate = e.isNew && auth.generatePassword !== false;
  if (generate) return { password: ctx.passwords.generate(), generated: true };
  if (auth.generatePassword === true) return { generated: false };
  const given = SECRET_KEYS.filter((k) => auth[k] !== null && auth[k] !== undefined);
  if (given.length === 0) return { generated: false };
  const bad = given.filter((k) => typeof auth[k] !== 'string');
  for (const k of bad) errors.push({ field: `${AUTH}.${k}`, code: 'invalid', message: 'must be a text' });
  if (bad.length) return { generated: false };
  const main = auth.password !== null && auth.password !== undefined ? 'password' : 'newPassword';
  if (!given.includes(main)) {
    errors.push({
      field: `${AUTH}.password`,
      code: 'required',
      message: 'is required with a password confirmation',
    });
    return { generated: false };
  }
  // Normalized once: the confirmation, the policy and the hash all see this one string.
  const password = normalizePassword(auth[main] as string);
  const mismatched = given.filter((k) => normalizePassword(auth[k] as string) !== password);
  for (const k of mismatched) {
    errors.push({ field: `${AUTH}.${k}`, code: 'mismatch', message: `must match ${AUTH}.${main}` });
  }
  const policy = checkPassword(password, policyFor(ctx, e.record), `${AUTH}.password`);
  errors.push(...policy);
  return mismatched.length || policy.length ? { generated: false } : { password, generated: false };
}

/**
 * The identity links the `identityProviders` field asks for. The store hands beforeSave the whole
 * record (stored fields merged with the given ones), and an empty list arrives as no value.
 */
function planLinks(ctx: UsersContext, e: UserSaveEvent, errors: FieldError[]): IdentityLink[] | undefined {
  const value = e.record.fields.identityProviders ?? [];
  if (!Array.isArray(value)) return undefined; // the store reports the wrong type
  const links: IdentityLink[] = [];
  value.forEach((item, i) => {
    const at = `identityProviders[${i}]`;
    const provider = isObject(item)
      ? findProvider(ctx.store.schema.identityProviders, String(item.identityProvider))
      : undefined;
    if (!isObject(item) || !provider) {
      errors.push({
        field: `${at}.identityProvider`,
        code: 'notFound',
        message: 'is not an identity provider of the app',
      });
      return;
    }
    const externalId = typeof item.externalId === 'string' ? item.externalId : null;
    item.identityProvider = provider.name;
    if (links.some((l) => l.providerId === provider.id)) {
      errors.push({
        field: `${at}.identityProvider`,
        code: 'duplicate',
        message: `lists '${provider.name}' twice`,
      });
    } else if (
      externalId !== null &&
      (ctx.identities.owner(provider.id, externalId) ?? e.record.id) !== e.record.id
    ) {
      const message = `is already linked to another user at '${provider.name}'`;
      errors.push({ field: `${at}.externalId`, code: 'duplicate', message });
    }
    links.push({ providerId: provider.id, externalId });
  });
  return links;
}

function previousExpired(e: UserSaveEvent): boolean | undefined {
  const auth = e.previous?.fields[AUTH];
  return isObject(auth) && typeof auth.passwordExpired === 'boolean' ? auth.passwordExpired : undefined;
}

function planSave(ctx: UsersContext, e: UserSaveEvent): SavePlan {
  const fields = e.record.fields;
  const auth = isObject(fields[AUTH]) ? fields[AUTH] : {};
  const errors: FieldError[] = [];
  planAccountFields(ctx, e, errors);
  planStateFields(ctx, e, errors);
  fixPrimary(fields);
  const { password, generated } = planPassword(ctx, e, auth, errors);
  const links = planLinks(ctx, e, errors);
  const welcome = e.isNew && fields.sendWelcomeEmail === true;
  // Plaintext and one-shot flags never go further than this hook.
  for (const k of SECRET_KEYS) auth[k] = null;
  auth.generatePassword = null;
  // New users must choose a password unless told otherwise; an update keeps the stored flag.
  if (e.isNew) auth.passwordExpired = auth.passwordExpired !== false;
  else if (typeof auth.passwordExpired !== 'boolean') auth.passwordExpired = previousExpired(e) ?? null;
  fields[AUTH] = auth;
  fields.sendWelcomeEmail = null;
  if (errors.length) throw validationErrors(errors);
  const expired = typeof auth.passwordExpired === 'boolean' ? auth.passwordExpired : undefined;
  return { password, generated, expired, links, welcome };
}

function applyPlan(ctx: UsersContext, e: UserSaveEvent, plan: SavePlan): void {
  const id = e.record.id!;
  if (plan.password !== undefined) {
    ctx.credentials.set(id, plan.password, { expired: plan.expired ?? false });
    if (!e.isNew) ctx.codes.revoke(id);
  } else if (plan.expired !== undefined) ctx.credentials.setExpired(id, plan.expired);
  if (plan.links) ctx.identities.replace(id, plan.links);
  if (plan.welcome) {
    const link = issueCodeLink(ctx, id, 'welcome', ctx.welcomeCodeTtlMs);
    const extra = codeMailData(ctx, link);
    if (plan.generated) extra.password = plan.password;
    mailUserTemplate(ctx, 'welcome', e.record, extra);
  }
}

/**
 * Installs the `sys.users` interceptors: passwords and flags on save, identity links mirrored
 * from the record, welcome mail on creation, session revocation and lifecycle events, and
 * cleanup of every users_* row on removal. They run for every save whatever its options
 * (`mode: 'lite'`, `triggerEvents: false`): accounts are the embedder's audit trail.
 */
export function installUserInterceptor(ctx: UsersContext): () => void {
  // A save's plan, from its beforeSave to its afterSave. Saves nest (a before-hook may save
  // another user in between) and may fail after being planned, so each plan is kept by its save.
  const plans = new WeakMap<object, SavePlan>();
  // Enforced: a lite or quiet save still hashes passwords, revokes sessions and emits events.
  return ctx.store.intercept(USERS, {
    enforced: true,
    beforeSave(e) {
      plans.delete(e.saveKey);
      plans.set(e.saveKey, planSave(ctx, e));
    },
    afterSave(e) {
      const plan = plans.get(e.saveKey);
      plans.delete(e.saveKey);
      if (plan) applyPlan(ctx, e, plan);
      afterUserSave(ctx, e, plan?.password !== undefined);
      afterStateSave(ctx, e);
    },
    afterRemove(e) {
      const id = e.record.id;
      if (!id) return;
      ctx.credentials.remove(id);
      ctx.codes.revoke(id);
      ctx.identities.removeUser(id);
      ctx.configs.removeUser(id);
      removeAccountRows(ctx, e.record);
      removeLifecycleRows(ctx, id);
      afterUserRemove(ctx, e);
    },
  });
}
