/**
 * @warden/authz: roles, permissions and access rules of an app. It validates the app
 * definition's `authorization` section, keeps the roles users hold directly, and turns a user's
 * rights into access conditions that the store puts inside the SQL of every read.
 */

/** Roles and rights of users over a store. */
export { type Authz, createAuthz, type UserRef } from './authz.js';
/** The model: rules, field access, entity permissions, roles and groups. */
export type {
  AuthzModel,
  EntityOp,
  EntityPermission,
  FieldAccess,
  GroupGrant,
  RoleDef,
  Rule,
} from './authz-model.js';
/** Validates an app definition's authorization section. */
export { loadAuthorization } from './load-authorization.js';
/** A user's rights, and the store access scope they give. */
export { accessRulesOf, type EntityRights, ruleWhere, type UserRights } from './user-rights.js';
