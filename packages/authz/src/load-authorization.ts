import { type AppDefinition, accessConditionProblem } from '@warden/store';
import { type AppSchema, type FieldError, type QueryMap, WardenError } from '@warden/sys-api';
import {
  type AuthzModel,
  ENTITY_OPS,
  type EntityPermission,
  type FieldAccess,
  type Grant,
  type GroupGrant,
  type RoleDef,
  type Rule,
} from './authz-model.js';
import { bindRule, placeholders, type UserValues } from './conditions.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;
const FIELD_ACCESS: readonly FieldAccess[] = ['read-write', 'read-only', 'none'];
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

interface Ctx {
  app: AppDefinition;
  schema: AppSchema;
  actions: Record<string, string[]>;
  add(field: string, code: string, message: string): void;
}

/** Values of the right type for every placeholder, so a condition can be parsed at load. */
function sampleUser(schema: AppSchema): UserValues {
  const sample = (type: string, options?: string[]): unknown => {
    switch (type) {
      case 'integer':
      case 'decimal':
      case 'dateTime':
        return 1;
      case 'boolean':
        return true;
      case 'date':
        return '2000-01-01';
      case 'email':
        return 'user@example.com';
      case 'choice':
        return options?.[0] ?? 'x';
      case 'relationship':
        return { id: '00000000-0000-7000-8000-000000000000' };
      default:
        return 'x';
    }
  };
  const values: UserValues = { id: '00000000-0000-7000-8000-000000000000', groups: 'x', roles: 'x' };
  const fields = schema.entities['sys.users']?.fields ?? {};
  for (const [name, f] of Object.entries(fields)) {
    if (name === 'groups') continue;
    if (f.type === 'nested') {
      const inner: UserValues = {};
      for (const [n, c] of Object.entries(f.fields ?? {})) inner[n] = sample(c.type, c.options);
      values[name] = inner;
    } else values[name] = sample(f.type, f.options);
  }
  return values;
}

function checkRule(raw: unknown, entity: string, path: string, c: Ctx, user: UserValues): Rule {
  if (raw === undefined || raw === 'never') return 'never';
  if (raw === 'always') return 'always';
  if (!isPlain(raw)) {
    c.add(path, 'invalid', "must be 'always', 'never' or a condition (a query map)");
    return 'never';
  }
  for (const p of placeholders(raw)) {
    if (!Object.hasOwn(user, p.split('.')[0]!)) {
      c.add(path, 'unknownField', `$currentUser.${p} is not a field of sys.users (nor id, groups, roles)`);
      return 'never';
    }
  }
  const problem = accessConditionProblem(c.schema, entity, bindRule(raw as QueryMap, user) as QueryMap);
  if (problem) c.add(path, 'invalid', problem.replace(/^query on '[^']*': /, ''));
  return raw as QueryMap;
}

function checkEntityPermission(raw: unknown, entity: string, path: string, c: Ctx, user: UserValues) {
  const perm: EntityPermission = {
    create: 'never',
    access: 'never',
    edit: 'never',
    delete: 'never',
    history: 'never',
    fields: {},
    actions: {},
  };
  if (!isPlain(raw)) {
    c.add(path, 'type', 'must be an object of create, access, edit, delete, history, fields, actions');
    return perm;
  }
  for (const key of Object.keys(raw)) {
    if (!(ENTITY_OPS as readonly string[]).includes(key) && key !== 'fields' && key !== 'actions')
      c.add(`${path}.${key}`, 'unknownKey', `'${key}' is not an entity permission`);
  }
  for (const op of ENTITY_OPS) perm[op] = checkRule(raw[op], entity, `${path}.${op}`, c, user);
  const fields = c.schema.entities[entity]?.fields ?? {};
  if (raw.fields !== undefined && !isPlain(raw.fields)) c.add(`${path}.fields`, 'type', 'must be an object');
  for (const [name, access] of Object.entries(isPlain(raw.fields) ? raw.fields : {})) {
    if (!Object.hasOwn(fields, name))
      c.add(`${path}.fields.${name}`, 'unknownField', `'${entity}' has no field '${name}'`);
    else if (!FIELD_ACCESS.includes(access as FieldAccess))
      c.add(`${path}.fields.${name}`, 'invalid', `must be one of ${FIELD_ACCESS.join(', ')}`);
    else perm.fields[name] = access as FieldAccess;
  }
  if (raw.actions !== undefined && !isPlain(raw.actions))
    c.add(`${path}.actions`, 'type', 'must be an object');
  for (const [name, rule] of Object.entries(isPlain(raw.actions) ? raw.actions : {})) {
    if (!(c.actions[entity] ?? []).includes(name))
      c.add(
        `${path}.actions.${name}`,
        'unknownAction',
        `'${name}' is not declared in authorization.actions.${entity}`,
      );
    else perm.actions[name] = checkRule(rule, entity, `${path}.actions.${name}`, c, user);
  }
  return perm;
}

function checkGrant(raw: Record<string, unknown>, path: string, c: Ctx, user: UserValues): Grant {
  const grant: Grant = { permissions: [], entities: {} };
  const perms = raw.permissions ?? [];
  if (!Array.isArray(perms)) c.add(`${path}.permissions`, 'type', 'must be an array of permission names');
  else
    perms.forEach((p, i) => {
      if (typeof p !== 'string' || !NAME.test(p))
        c.add(`${path}.permissions[${i}]`, 'invalid', "must be a name such as 'invoices:approve'");
      else grant.permissions.push(p);
    });
  if (raw.entities !== undefined && !isPlain(raw.entities))
    c.add(`${path}.entities`, 'type', 'must be an object');
  for (const [entity, perm] of Object.entries(isPlain(raw.entities) ? raw.entities : {})) {
    if (!Object.hasOwn(c.app.entities, entity)) {
      c.add(`${path}.entities.${entity}`, 'unknownEntity', `'${entity}' is not an entity of the app`);
      continue;
    }
    grant.entities[entity] = checkEntityPermission(perm, entity, `${path}.entities.${entity}`, c, user);
  }
  return grant;
}

function checkKeys(raw: Record<string, unknown>, path: string, allowed: string[], c: Ctx) {
  for (const key of Object.keys(raw))
    if (!allowed.includes(key)) c.add(`${path}.${key}`, 'unknownKey', `'${key}' is not allowed here`);
}

/**
 * Validates the `authorization` section of a loaded app definition against its schema: roles,
 * groups (which must exist in `groups`), their entity, field and action permissions, and every
 * condition (parsed as a query on its entity, with `$currentUser.<field>` checked against
 * `sys.users`). Reports every problem at once as a badRequest whose errors name their paths.
 */
export function loadAuthorization(app: AppDefinition, schema: AppSchema): AuthzModel {
  const errors: FieldError[] = [];
  const raw = app.authorization;
  const model: AuthzModel = { declared: raw !== undefined, roles: {}, groups: {}, actions: {} };
  if (!raw) return model;
  const c: Ctx = {
    app,
    schema,
    actions: {},
    add: (field, code, message) => errors.push({ field, code, message }),
  };
  const user = sampleUser(schema);
  checkKeys(raw, 'authorization', ['roles', 'groups', 'actions'], c);
  const actions = isPlain(raw.actions) ? raw.actions : {};
  if (raw.actions !== undefined && !isPlain(raw.actions))
    c.add('authorization.actions', 'type', 'must be an object');
  for (const [entity, names] of Object.entries(actions)) {
    const path = `authorization.actions.${entity}`;
    if (!Object.hasOwn(app.entities, entity))
      c.add(path, 'unknownEntity', `'${entity}' is not an entity of the app`);
    else if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && NAME.test(n)))
      c.add(path, 'type', 'must be an array of action names');
    else c.actions[entity] = names as string[];
  }
  model.actions = c.actions;
  const roles = isPlain(raw.roles) ? raw.roles : {};
  if (raw.roles !== undefined && !isPlain(raw.roles))
    c.add('authorization.roles', 'type', 'must be an object');
  for (const [name, def] of Object.entries(roles)) {
    const path = `authorization.roles.${name}`;
    if (!NAME.test(name)) c.add(path, 'invalid', `'${name}' is not a valid role name`);
    if (!isPlain(def)) {
      c.add(path, 'type', 'must be an object with label, permissions, entities');
      continue;
    }
    checkKeys(def, path, ['label', 'permissions', 'entities'], c);
    const label = typeof def.label === 'string' ? def.label : name;
    model.roles[name] = { name, label, ...checkGrant(def, path, c, user) } satisfies RoleDef;
  }
  const groups = isPlain(raw.groups) ? raw.groups : {};
  if (raw.groups !== undefined && !isPlain(raw.groups))
    c.add('authorization.groups', 'type', 'must be an object');
  for (const [name, def] of Object.entries(groups)) {
    const path = `authorization.groups.${name}`;
    if (!app.groups.some((g) => g.name === name))
      c.add(path, 'unknownGroup', `'${name}' is not a group of the app`);
    if (!isPlain(def)) {
      c.add(path, 'type', 'must be an object with roles, permissions, entities');
      continue;
    }
    checkKeys(def, path, ['roles', 'permissions', 'entities'], c);
    const granted: string[] = [];
    if (def.roles !== undefined && !Array.isArray(def.roles))
      c.add(`${path}.roles`, 'type', 'must be an array');
    (Array.isArray(def.roles) ? def.roles : []).forEach((r, i) => {
      if (typeof r !== 'string' || !Object.hasOwn(model.roles, r))
        c.add(
          `${path}.roles[${i}]`,
          'unknownRole',
          `${JSON.stringify(r)} is not a role of authorization.roles`,
        );
      else granted.push(r);
    });
    model.groups[name] = { name, roles: granted, ...checkGrant(def, path, c, user) } satisfies GroupGrant;
  }
  if (errors.length > 0) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new WardenError('badRequest', `loadAppDefinition: invalid authorization: ${summary}`, { errors });
  }
  return model;
}
