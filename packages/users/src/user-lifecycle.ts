import { badRequest, type RecordData } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import { type MergeResult, mergeUsers } from './account-merge.js';
import { userByIdentifier } from './identifiers.js';
import type { UsersStore } from './store-port.js';
import {
  createMetadataTable,
  getMetadata,
  type MetadataTable,
  patchMetadata,
  type UserMetadata,
} from './user-metadata.js';
import { describe, USERS, type UserRef } from './user-record.js';
import {
  openUserSearch,
  type SearchAccess,
  type SearchResult,
  searchUsers,
  type UserSearchIndex,
} from './user-search.js';
import { purge, purgeTrashed, restore, setState } from './user-states.js';
import type { UsersContext } from './users-context.js';

/**
 * User states (draft, trash, restore, purge), metadata, search and account merge: the account
 * lifecycle of the systems Warden replaces (docs/architecture.md, "Account lifecycle").
 */
export interface UserLifecycle {
  /** Moves every user the query (an id or a query map) finds to a state; DELETED purges TRASH. */
  setState(query: string | Record<string, unknown>, state: string): { changed: number };
  /** Brings a trashed user back, PUBLIC unless told DRAFT. */
  restore(user: UserRef, state?: 'PUBLIC' | 'DRAFT'): RecordData;
  /** Purges the users the query finds (all in TRASH): personal data removed, see `purge`. */
  purge(query: string | Record<string, unknown>): { purged: number };
  /** Purges users trashed longer than `trashRetentionDays` ago; the expiry sweep calls it. */
  purgeTrashed(now?: number): number;
  /** The user's `userMetadata` and `appMetadata`. */
  getMetadata(user: UserRef): UserMetadata;
  /** Merges RFC 7396 patches into the user's metadata; answers the result. */
  patchMetadata(
    user: UserRef,
    patch: { userMetadata?: object | null; appMetadata?: object | null },
  ): UserMetadata;
  /** Fuzzy multi-field search with paging and a total. */
  search(text: string, options?: { limit?: number; offset?: number; includeTrash?: boolean }): SearchResult;
  /** The fields `search` looks in (names, email, username, phone, the app's text fields). */
  searchFields(): readonly string[];
  /** `search` restricted to the users `access` admits (a run under access rules). */
  searchVisible(text: string, options: unknown, access: SearchAccess): SearchResult;
  /** True when a user has this identifier (email, username, phone) or matches this query map. */
  exists(query: string | Record<string, unknown>): boolean;
  /** Links `secondary` into `primary` (identities, groups, metadata) and trashes or removes it. */
  mergeUsers(primary: UserRef, secondary: UserRef, options?: { secondary?: 'trash' | 'remove' }): MergeResult;
}

/** The lifecycle's tables and the host's purge callback, part of the users context. */
export interface LifecycleContext {
  metadata: MetadataTable;
  search: UserSearchIndex;
  /** Called inside the purge's transaction after each user is removed (`UsersOptions.onPurge`). */
  onPurge(user: RecordData): void;
}

export function createLifecycleContext(
  store: UsersStore,
  db: BetterSqlite3.Database,
  now: () => number,
  onPurge: ((user: RecordData) => void) | undefined,
): LifecycleContext {
  if (onPurge !== undefined && typeof onPurge !== 'function') {
    throw new TypeError('createUsers: onPurge must be a function');
  }
  return {
    metadata: createMetadataTable(db, now),
    search: openUserSearch({ store }),
    onPurge: onPurge ?? (() => {}),
  };
}

/** Forgets the lifecycle's rows of a removed user (the search index follows by trigger). */
export function removeLifecycleRows(ctx: UsersContext, userId: string): void {
  ctx.lifecycle.metadata.removeUser(userId);
}

function exists(ctx: UsersContext, query: unknown): boolean {
  const fn = 'exists';
  if (typeof query === 'string')
    return ctx.store.transaction(() => userByIdentifier(ctx.store, query) !== null);
  if (typeof query !== 'object' || query === null || Array.isArray(query)) {
    throw badRequest(`${fn}: query must be an identifier or a query object, got ${describe(query)}`);
  }
  return ctx.store.transaction(() => ctx.store.count(USERS, query as Record<string, unknown>) > 0);
}

export function createUserLifecycle(ctx: UsersContext): UserLifecycle {
  return {
    setState: (query, state) => setState(ctx, query, state),
    restore: (user, state) => restore(ctx, user, state),
    purge: (query) => purge(ctx, query),
    purgeTrashed: (now) => purgeTrashed(ctx, now),
    getMetadata: (user) => getMetadata(ctx, user),
    patchMetadata: (user, patch) => patchMetadata(ctx, user, patch),
    search: (text, options) => searchUsers(ctx, text, options),
    searchFields: () => ctx.lifecycle.search.fields,
    searchVisible: (text, options, access) => searchUsers(ctx, text, options, access),
    exists: (query) => exists(ctx, query),
    mergeUsers: (primary, secondary, options) => mergeUsers(ctx, primary, secondary, options),
  };
}
