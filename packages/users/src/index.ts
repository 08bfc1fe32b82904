/**
 * @warden/users: `sys.users` semantics over the record store and the mail outbox. Statuses,
 * passwords (scrypt), reset codes, identity providers, groups and per-user endpoint settings;
 * for the host: sign-in, sessions, lockout, account expiry and user lifecycle events.
 */

export type { Jwks } from './access-tokens.js';
export type { AccountFlowOptions } from './account-context.js';
export type { AccountFlows } from './account-flows.js';
export type { MergeOptions, MergeResult } from './account-merge.js';
export {
  type CredentialStore,
  createCredentialStore,
} from './credential-store.js';
export type { EndpointConfigs } from './endpoint-config.js';
export {
  acceptForeignHashes,
  type ForeignScheme,
  foreignHashProblem,
  foreignScheme,
  importPasswordHash,
} from './foreign-hashes.js';
export { findProvider, type IdentityLink, type IdentityLinks } from './identity-providers.js';
export { mergePatch } from './json-merge-patch.js';
export type { LoginStats } from './login-stats.js';
export { totpAt } from './mfa-totp.js';
export type { PasswordChangeResult, ResetPasswordResult } from './password-flows.js';
export {
  createPasswordHasher,
  normalizePassword,
  OWASP_SCRYPT,
  type PasswordHasher,
  type ScryptParams,
} from './password-hasher.js';
export {
  checkPassword,
  DEFAULT_MIN_LENGTH,
  MAX_PASSWORD_LENGTH,
  type PasswordPolicy,
} from './password-policy.js';
export type { PasswordWork } from './prepared-passwords.js';
export type { ProviderSignInOptions } from './provider-config.js';
export type { ProviderSignIn } from './provider-sign-in.js';
export type { RateLimit } from './rate-limit.js';
export { createResetCodes, type IssuedCode, type ResetCodes } from './reset-codes.js';
export type { ResetRequestResult } from './reset-request.js';
export type { SessionInfo } from './session-list.js';
export type { ClientInfo, Session } from './sessions.js';
export { PASSWORD_CHANGE_CODE_TTL_MS, type SignInFailure, type SignInResult } from './sign-in.js';
export type { SignUpInput, SignUpResult } from './sign-up.js';
export type { UserHooks, UsersOutbox, UsersStore } from './store-port.js';
export type { UserAuth } from './user-auth.js';
export { findGroup, type GroupItem } from './user-groups.js';
export type { UserLifecycle } from './user-lifecycle.js';
export { METADATA_MAX_BYTES, type MetadataPatch, type UserMetadata } from './user-metadata.js';
export { USERS, type UserRef } from './user-record.js';
export type { SearchAccess, SearchOptions, SearchResult } from './user-search.js';
export {
  stateOf,
  type TargetState,
  USER_STATES as USER_RECORD_STATES,
  type UserState,
} from './user-states.js';
export { statusOf, USER_STATUSES, type UserStatus, unblocked, withStatus } from './user-status.js';
export { createUsers, type ResetPasswordOptions, type UpdatePasswordOptions, type Users } from './users.js';
export type { Atomic, UsersOptions } from './users-context.js';
