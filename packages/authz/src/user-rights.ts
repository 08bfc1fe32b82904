import type { AccessRules, AppDefinition } from '@warden/store';
import {
  type AuthzModel,
  ENTITY_OPS,
  type EntityOp,
  type FieldAccess,
  type Grant,
  type Rule,
} from './authz-model.js';
import { bindRule, bothRules, type UserValues, unionRules } from './conditions.js';

/** One entity's rights of a user, conditions bound to the user's values. */
export interface EntityRights {
  /** May create records (a condition is checked on the record written). */
  create: Rule;
  /** Which records the user sees. */
  access: Rule;
  /** Which records the user may change; always within `access`. */
  edit: Rule;
  delete: Rule;
  history: Rule;
  /** Every field of the entity: read-write, read-only or none (hidden). */
  fields: Record<string, FieldAccess>;
  actions: Record<string, Rule>;
}

/** What `permissionsOf(user)` answers: the user's groups, roles, permissions and entity rights. */
export interface UserRights {
  userId: string;
  groups: string[];
  roles: string[];
  permissions: string[];
  entities: Record<string, EntityRights>;
}

const RANK: Record<FieldAccess, number> = { none: 0, 'read-only': 1, 'read-write': 2 };

/**
 * The rights of a user holding `groups` and `directRoles`: the union of every grant (each group,
 * each role the groups give, each role held directly). Operations are allowed when any grant
 * allows them (conditions ORed); a field gets the widest access any grant that reaches the
 * entity gives it; access takes precedence over edit, delete and history.
 */
export function computeRights(
  app: AppDefinition,
  model: AuthzModel,
  user: UserValues & { id: string },
  groups: string[],
  directRoles: string[],
): UserRights {
  const roles = new Set(directRoles.filter((r) => Object.hasOwn(model.roles, r)));
  const grants: Grant[] = [];
  for (const g of groups) {
    const group = Object.hasOwn(model.groups, g) ? model.groups[g] : undefined;
    if (!group) continue;
    grants.push(group);
    for (const r of group.roles) roles.add(r);
  }
  for (const r of roles) grants.push(model.roles[r]!);
  const values = { ...user, groups, roles: [...roles] };
  const entities: Record<string, EntityRights> = {};
  for (const [name, def] of Object.entries(app.entities)) {
    const perms = grants.flatMap((g) => (Object.hasOwn(g.entities, name) ? [g.entities[name]!] : []));
    const op = (o: EntityOp) => unionRules(perms.map((p) => bindRule(p[o], values)));
    const rights = Object.fromEntries(ENTITY_OPS.map((o) => [o, op(o)])) as Record<EntityOp, Rule>;
    for (const o of ['edit', 'delete', 'history'] as const) rights[o] = bothRules(rights.access, rights[o]);
    const fields: Record<string, FieldAccess> = {};
    for (const field of Object.keys(def.fields)) {
      let best: FieldAccess = 'none';
      for (const p of perms) {
        if (p.access === 'never' && p.create === 'never') continue;
        const writes = p.create !== 'never' || p.edit !== 'never';
        const given = p.fields[field] ?? (writes ? 'read-write' : 'read-only');
        if (RANK[given] > RANK[best]) best = given;
      }
      fields[field] = best;
    }
    const actions: Record<string, Rule> = {};
    for (const action of model.actions[name] ?? []) {
      actions[action] = bothRules(
        rights.access,
        unionRules(perms.map((p) => bindRule(p.actions[action] ?? 'never', values))),
      );
    }
    entities[name] = { ...rights, fields, actions };
  }
  const permissions = new Set(grants.flatMap((g) => g.permissions));
  return {
    userId: user.id,
    groups,
    roles: [...roles].sort(),
    permissions: [...permissions].sort(),
    entities,
  };
}

const where = (rule: Rule) => (rule === 'always' ? 'all' : rule === 'never' ? 'none' : rule);

/** The store's access scope of a user's rights: `access` per entity, `none` fields hidden. */
export function accessRulesOf(rights: UserRights): AccessRules {
  const rules: AccessRules = {};
  for (const [name, e] of Object.entries(rights.entities)) {
    const hidden = Object.keys(e.fields).filter((f) => e.fields[f] === 'none');
    rules[name] = { where: where(e.access), hidden };
  }
  return rules;
}

/** A rule as the store's `where` (`all` / `none` / a query map). */
export const ruleWhere = where;
