import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WardenError } from '@warden/sys-api';
import { type AccountOptions, accountFields, checkAccountOptions } from './account-options.js';
import { type AppDefinition, type EntityDef, type FieldDef, USERS_ENTITY } from './app-definition.js';
import { checkGroups, checkMail, checkNamedList, type GroupCheck } from './app-definition-parts.js';
import { builtinUserFields, usersEntity } from './builtin-users.js';
import { checkFieldDefs } from './field-def-check.js';
import { jsonErrorLocation } from './json-location.js';
import { createProblems, FORBIDDEN_KEYS, findUnsafeKeys, isPlainObject, type Problems } from './problems.js';
import { ENTITY_NAME, tableName } from './query/table-name.js';
import { labelFields } from './record-label.js';

const TOP_KEYS = new Set([
  'name',
  'baseUrl',
  'entities',
  'users',
  'groups',
  'identityProviders',
  'endpoints',
  'mail',
  'hooks',
  'authorization',
  'libraries',
  'audit',
  'actions',
  'schedules',
]);

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
};

// Messages name the file by its base name, never the host's folders.
function readInput(input: unknown): unknown {
  if (typeof input !== 'string') return input;
  const name = basename(input);
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = READ_FAILURES[code] ?? code;
    throw new WardenError(
      'badRequest',
      `loadAppDefinition: cannot read the app definition file '${name}': ${why}`,
      {
        cause,
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const where = jsonErrorLocation(name, text, why);
    throw new WardenError('badRequest', `loadAppDefinition: ${where}: the file is not valid JSON (${why})`, {
      cause,
    });
  }
}

/** A copy without forbidden keys, so that checking goes on after reporting them. */
function withoutForbiddenKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutForbiddenKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    if (!FORBIDDEN_KEYS.has(key)) out[key] = withoutForbiddenKeys(v);
  return out;
}

function checkLabel(entity: EntityDef, raw: unknown, path: string, p: Problems): void {
  if (raw === undefined) {
    if (entity.fields.name?.type === 'text') entity.label = 'name';
    return;
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    p.add(path, 'type', 'must be a field name or a {field} template');
    return;
  }
  entity.label = raw;
  for (const ref of labelFields(raw)) {
    let fields: Record<string, FieldDef> | undefined = entity.fields;
    for (const part of ref.split('.')) {
      const def: FieldDef | undefined = fields && Object.hasOwn(fields, part) ? fields[part] : undefined;
      if (!def || def.writeOnly) {
        p.add(path, 'unknownField', `the label uses '${ref}', which is not a stored field`);
        return;
      }
      fields = def.type === 'nested' && !def.multiple ? def.fields : undefined;
    }
  }
}

function checkEntities(raw: unknown, groups: GroupCheck, p: Problems): Record<string, EntityDef> {
  const entities: Record<string, EntityDef> = {};
  if (raw !== undefined && !isPlainObject(raw)) p.add('entities', 'type', 'must be an object of entities');
  const rawEntities = isPlainObject(raw) ? raw : {};
  const names = new Set([USERS_ENTITY, ...Object.keys(rawEntities)]);
  // SQLite table names ignore case: two names clash when their tables differ only in case.
  const tables = new Set([tableName(USERS_ENTITY)]);
  const scope = { entities: names, coerce: groups.coerce };
  for (const [name, def] of Object.entries(rawEntities)) {
    const path = `entities.${name}`;
    const table = tableName(name).toLowerCase();
    if (!ENTITY_NAME.test(name))
      p.add(
        path,
        'identifier',
        `'${name}' is not a valid entity name (letters, digits, _; namespaces joined by '.')`,
      );
    else if (name.toLowerCase().startsWith('sys.'))
      p.add(path, 'reserved', `'${name}' is in the 'sys' namespace, which holds built-in entities`);
    else if (tables.has(table)) p.add(path, 'duplicate', `'${name}' clashes with another entity`);
    tables.add(table);
    if (!isPlainObject(def)) {
      p.add(path, 'type', 'must be an object with fields');
      continue;
    }
    for (const key of Object.keys(def)) {
      if (!['label', 'fields', 'globalSearch', 'history'].includes(key))
        p.add(`${path}.${key}`, 'unknownKey', `'${key}' is not an entity option`);
    }
    const entity: EntityDef = { name, fields: checkFieldDefs(def.fields, `${path}.fields`, p, scope) };
    if (def.globalSearch !== undefined && typeof def.globalSearch !== 'boolean')
      p.add(`${path}.globalSearch`, 'type', 'must be a boolean');
    else if (def.globalSearch === true) entity.globalSearch = true;
    if (def.history !== undefined && typeof def.history !== 'boolean')
      p.add(`${path}.history`, 'type', 'must be a boolean');
    else if (def.history === true) entity.history = true;
    checkLabel(entity, def.label, `${path}.label`, p);
    entities[name] = entity;
  }
  return entities;
}

function checkUsers(raw: unknown, groups: GroupCheck, entityNames: string[], p: Problems) {
  const none: AccountOptions = {
    identifiers: ['email'],
    emailVerification: false,
    states: false,
    trashRetentionDays: 30,
  };
  if (raw === undefined) return { fields: {}, account: none };
  if (!isPlainObject(raw)) {
    p.add('users', 'invalid', 'must be an object of fields and account options');
    return { fields: {}, account: none };
  }
  const account = checkAccountOptions(
    raw,
    groups.list.map((g) => g.name),
    p,
  );
  const scope = { entities: new Set([USERS_ENTITY, ...entityNames]), coerce: groups.coerce };
  const fields = raw.fields === undefined ? {} : checkFieldDefs(raw.fields, 'users.fields', p, scope);
  const builtin = { ...builtinUserFields(), ...accountFields(account) };
  for (const name of Object.keys(fields)) {
    if (Object.hasOwn(builtin, name))
      p.add(`users.fields.${name}`, 'duplicate', `'${name}' is a built-in field of sys.users`);
  }
  return { fields, account };
}

function checkAudit(raw: unknown, p: Problems): { retentionDays?: number } | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw) || Object.keys(raw).some((k) => k !== 'retentionDays')) {
    p.add('audit', 'invalid', 'must be an object with only retentionDays');
    return undefined;
  }
  const days = raw.retentionDays;
  if (days === undefined) return {};
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    p.add('audit.retentionDays', 'type', 'must be a whole number of days >= 1');
    return undefined;
  }
  return { retentionDays: days };
}

function checkTop(raw: Record<string, unknown>, p: Problems): { name: string; baseUrl: string } {
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.has(key)) p.add(key, 'unknownKey', `'${key}' is not an app option`);
  if (typeof raw.name !== 'string' || raw.name.trim() === '')
    p.add('name', 'required', 'the app needs a name');
  const baseUrl = raw.baseUrl ?? 'http://localhost';
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(baseUrl))
    p.add('baseUrl', 'invalid', 'must be an http(s) URL');
  return { name: String(raw.name), baseUrl: String(baseUrl).replace(/\/+$/, '') };
}

const loaded = new WeakSet<object>();

/** True for a definition that `loadAppDefinition` produced (and so needs no second check). */
export function isLoadedDefinition(value: unknown): value is AppDefinition {
  return typeof value === 'object' && value !== null && loaded.has(value);
}

/**
 * Loads and validates an app definition from a JSON file path or a plain object. Reports every
 * problem at once as a `badRequest` whose `errors` carry the path of each bad key.
 */
export function loadAppDefinition(input: string | object): AppDefinition {
  if (isLoadedDefinition(input)) return input;
  const original = readInput(input);
  const p = createProblems();
  if (!isPlainObject(original)) {
    throw new WardenError(
      'badRequest',
      'loadAppDefinition: input must be a JSON file path or a plain object',
    );
  }
  findUnsafeKeys(original, '', p);
  const raw = withoutForbiddenKeys(original) as Record<string, unknown>;
  const top = checkTop(raw, p);
  const groups = checkGroups(raw.groups, p);
  const entities = checkEntities(raw.entities, groups, p);
  const users = checkUsers(raw.users, groups, Object.keys(entities), p);
  const identityProviders = checkNamedList(raw.identityProviders, 'identityProviders', p, {
    label: 'string?',
    type: 'string',
    id: 'string?',
    settings: 'object?',
  });
  const endpoints = checkNamedList(raw.endpoints, 'endpoints', p, { perUser: 'boolean?' });
  const mail = checkMail(raw.mail, p);
  if (raw.hooks !== undefined && (!Array.isArray(raw.hooks) || !raw.hooks.every(isPlainObject))) {
    p.add('hooks', 'type', 'must be an array of objects');
  }
  if (raw.authorization !== undefined && !isPlainObject(raw.authorization)) {
    p.add('authorization', 'type', 'must be an object (roles, groups, actions)');
  }
  if (raw.libraries !== undefined && (!Array.isArray(raw.libraries) || !raw.libraries.every(isPlainObject))) {
    p.add('libraries', 'type', 'must be an array of objects');
  }
  const audit = checkAudit(raw.audit, p);
  if (p.list.length > 0) {
    const summary = p.list.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `loadAppDefinition: invalid app definition: ${summary}`, {
      errors: p.list,
    });
  }
  const app: AppDefinition = {
    ...top,
    entities: {
      [USERS_ENTITY]: usersEntity({ ...accountFields(users.account), ...users.fields }),
      ...entities,
    },
    users: { fields: users.fields, ...users.account },
    groups: groups.list,
    identityProviders: identityProviders.map((x) => ({
      name: x.name,
      label: String(x.label ?? x.name),
      type: String(x.type),
      ...(typeof x.id === 'string' ? { id: x.id } : {}),
      ...(isPlainObject(x.settings) ? { settings: structuredClone(x.settings) } : {}),
    })),
    endpoints: endpoints.map((x) => ({ name: x.name, perUser: x.perUser === true })),
    ...(mail ? { mail } : {}),
    hooks: Array.isArray((original as { hooks?: unknown }).hooks)
      ? (original as { hooks: Record<string, unknown>[] }).hooks
      : [],
    ...(isPlainObject(raw.authorization) ? { authorization: raw.authorization } : {}),
    libraries: Array.isArray((original as { libraries?: unknown }).libraries)
      ? (original as { libraries: Record<string, unknown>[] }).libraries
      : [],
    ...(audit ? { audit } : {}),
    ...(raw.actions !== undefined ? { actions: (original as { actions: unknown }).actions } : {}),
    ...(raw.schedules !== undefined ? { schedules: (original as { schedules: unknown }).schedules } : {}),
  };
  loaded.add(app);
  return app;
}
