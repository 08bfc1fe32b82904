import type { QueryMap } from '@warden/sys-api';

/** `always`, `never`, or a condition (a query map) the record must match. */
export type Rule = 'always' | 'never' | QueryMap;

/** What a field permission lets a grant do: read and write, only read (writes dropped), nothing. */
export type FieldAccess = 'read-write' | 'read-only' | 'none';

/** The operations an entity permission rules on (Slingr's entity permissions). */
export const ENTITY_OPS = ['create', 'access', 'edit', 'delete', 'history'] as const;
export type EntityOp = (typeof ENTITY_OPS)[number];

/** One grant's permissions on one entity; operations left out are `never`. */
export interface EntityPermission {
  create: Rule;
  access: Rule;
  edit: Rule;
  delete: Rule;
  history: Rule;
  /** Fields not listed are read-write when the grant may create or edit, read-only otherwise. */
  fields: Record<string, FieldAccess>;
  /** Declared actions of the entity (`authorization.actions`) this grant may run. */
  actions: Record<string, Rule>;
}

/** A role (or a group): named permission strings and entity permissions. */
export interface Grant {
  permissions: string[];
  entities: Record<string, EntityPermission>;
}

/** A role of the app definition. */
export interface RoleDef extends Grant {
  name: string;
  label: string;
}

/** A group's part in authorization: the roles it grants and its own entity permissions. */
export interface GroupGrant extends Grant {
  name: string;
  roles: string[];
}

/**
 * The validated `authorization` section of an app definition. `declared` is false when the app
 * has none: then nothing is enforced unless a run asks for it.
 */
export interface AuthzModel {
  declared: boolean;
  roles: Record<string, RoleDef>;
  groups: Record<string, GroupGrant>;
  /** Action names declared per entity. */
  actions: Record<string, string[]>;
}

/**
 * The placeholder for the current user's fields in conditions: `$currentUser.<field>` (`id`,
 * `email`, `groups`, `roles` or any field of `sys.users`), as a whole value or inside an operator
 * (`notEquals($currentUser.id)`).
 */
export const CURRENT_USER = /\$currentUser\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)/g;
