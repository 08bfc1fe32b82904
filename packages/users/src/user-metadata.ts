import { badRequest } from '@warden/sys-api';
import type BetterSqlite3 from 'better-sqlite3';
import { type JsonObject, jsonObjectArg, mergePatch } from './json-merge-patch.js';
import { loadUser, type UserRef } from './user-record.js';
import type { UsersContext } from './users-context.js';

/** Largest JSON text of each metadata part, in UTF-8 bytes. */
export const METADATA_MAX_BYTES = 16 * 1024;

/** A user's two metadata objects (Auth0's `user_metadata` and `app_metadata`). */
export interface UserMetadata {
  /** What the user (or a script acting for them) may change: preferences, profile extras. */
  userMetadata: JsonObject;
  /** What only the host (or a run granted `appMetadata`) may change: plan, flags, external ids. */
  appMetadata: JsonObject;
}

/** A patch of either part: RFC 7396 merge patches; null clears the part. */
export interface MetadataPatch {
  userMetadata?: JsonObject | null;
  appMetadata?: JsonObject | null;
}

/** The `users_metadata` table: one row per user that has any, removed with the user. */
export interface MetadataTable {
  get(userId: string): UserMetadata;
  put(userId: string, value: UserMetadata): void;
  removeUser(userId: string): void;
}

export function createMetadataTable(db: BetterSqlite3.Database, now: () => number): MetadataTable {
  db.exec(`CREATE TABLE IF NOT EXISTS users_metadata (
    user_id TEXT PRIMARY KEY, user_meta TEXT NOT NULL, app_meta TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
  const read = db.prepare<[string], { user_meta: string; app_meta: string }>(
    'SELECT user_meta, app_meta FROM users_metadata WHERE user_id = ?',
  );
  const write = db.prepare(
    `INSERT INTO users_metadata (user_id, user_meta, app_meta, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET user_meta = excluded.user_meta, app_meta = excluded.app_meta,
     updated_at = excluded.updated_at`,
  );
  const remove = db.prepare('DELETE FROM users_metadata WHERE user_id = ?');
  return {
    get(userId) {
      const row = read.get(userId);
      return row
        ? { userMetadata: JSON.parse(row.user_meta), appMetadata: JSON.parse(row.app_meta) }
        : { userMetadata: {}, appMetadata: {} };
    },
    put(userId, value) {
      const empty = (o: JsonObject) => Object.keys(o).length === 0;
      if (empty(value.userMetadata) && empty(value.appMetadata)) remove.run(userId);
      else write.run(userId, JSON.stringify(value.userMetadata), JSON.stringify(value.appMetadata), now());
    },
    removeUser: (userId) => void remove.run(userId),
  };
}

const PARTS = ['userMetadata', 'appMetadata'] as const;

/** Checks a patch argument: an object with only the two parts, each an object or null. */
export function metadataPatchArg(fn: string, patch: unknown): MetadataPatch {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw badRequest(`${fn}: patch must be an object with userMetadata and/or appMetadata`);
  }
  const out: MetadataPatch = {};
  for (const key of Object.keys(patch)) {
    if (!(PARTS as readonly string[]).includes(key)) {
      throw badRequest(`${fn}: patch may hold only userMetadata and appMetadata, got '${key.slice(0, 40)}'`);
    }
    const part = key as (typeof PARTS)[number];
    out[part] = jsonObjectArg(
      fn,
      `patch.${key}`,
      (patch as Record<string, unknown>)[key],
      METADATA_MAX_BYTES,
    );
  }
  return out;
}

/** `value` merged with `patch` (null clears); badRequest when the result is too big or deep. */
function merged(
  fn: string,
  name: string,
  value: JsonObject,
  patch: JsonObject | null | undefined,
): JsonObject {
  if (patch === undefined) return value;
  if (patch === null) return {};
  let out: unknown;
  try {
    out = mergePatch(value, patch);
  } catch (error) {
    throw badRequest(`${fn}: ${name} is ${(error as Error).message}`);
  }
  return jsonObjectArg(fn, name, out, METADATA_MAX_BYTES) ?? {};
}

/** Host and scripts: the user's metadata. */
export function getMetadata(ctx: UsersContext, user: UserRef): UserMetadata {
  const fn = 'getMetadata';
  return ctx.store.transaction(() => ctx.lifecycle.metadata.get(loadUser(ctx.store, fn, user).id!));
}

/**
 * Merges `patch` into the user's metadata in one transaction and emits `user.metadataChanged`
 * with the names of the parts that changed (never their values). Answers the new metadata.
 */
export function patchMetadata(ctx: UsersContext, user: UserRef, patch: unknown): UserMetadata {
  const fn = 'patchMetadata';
  const parts = metadataPatchArg(fn, patch);
  return ctx.store.transaction(() => {
    const record = loadUser(ctx.store, fn, user);
    const id = record.id!;
    const before = ctx.lifecycle.metadata.get(id);
    const after: UserMetadata = {
      userMetadata: merged(fn, 'userMetadata', before.userMetadata, parts.userMetadata),
      appMetadata: merged(fn, 'appMetadata', before.appMetadata, parts.appMetadata),
    };
    const changed = PARTS.filter((p) => JSON.stringify(before[p]) !== JSON.stringify(after[p]));
    if (changed.length === 0) return after;
    ctx.lifecycle.metadata.put(id, after);
    ctx.emit('user.metadataChanged', id, record, null, { parts: changed.join(',') });
    return after;
  });
}

/** The metadata of two users merged for an account merge: `primary`'s values win. */
export function mergedMetadata(secondary: UserMetadata, primary: UserMetadata): UserMetadata {
  return {
    userMetadata: mergePatch(secondary.userMetadata, primary.userMetadata) as JsonObject,
    appMetadata: mergePatch(secondary.appMetadata, primary.appMetadata) as JsonObject,
  };
}
