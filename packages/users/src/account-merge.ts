import { badRequest, type RecordData } from '@warden/sys-api';
import { findProvider } from './identity-providers.js';
import { groupItems } from './user-groups.js';
import { mergedMetadata } from './user-metadata.js';
import { describe, loadUser, USERS, type UserRef } from './user-record.js';
import { stateOf, statesOn } from './user-states.js';
import type { UsersContext } from './users-context.js';

/** Options of `mergeUsers`. */
export interface MergeOptions {
  /**
   * What becomes of the secondary account: `trash` (default when the app keeps states; it can be
   * restored, and is purged after the retention) or `remove` (at once; the only choice otherwise).
   */
  secondary?: 'trash' | 'remove';
}

/** What a merge did. */
export interface MergeResult {
  user: RecordData;
  secondaryId: string;
  secondary: 'trashed' | 'removed';
}

type Link = { identityProvider: string; externalId: string | null };
const links = (u: RecordData): Link[] =>
  Array.isArray(u.fields.identityProviders) ? (u.fields.identityProviders as Link[]) : [];

function disposal(ctx: UsersContext, fn: string, options: unknown): 'trash' | 'remove' {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw badRequest(`${fn}: options must be an object, got ${describe(options)}`);
  }
  const given = (options as MergeOptions | null)?.secondary;
  if (given !== undefined && given !== 'trash' && given !== 'remove') {
    throw badRequest(`${fn}: options.secondary must be 'trash' or 'remove', got ${describe(given)}`);
  }
  if (given === 'trash' && !statesOn(ctx)) {
    throw badRequest(`${fn}: the app keeps no user states, so the secondary account can only be removed`);
  }
  return given ?? (statesOn(ctx) ? 'trash' : 'remove');
}

/**
 * Links the secondary account into the primary one in one transaction (Auth0's account linking):
 * the secondary's identity links and groups join the primary's (the primary group stays), its
 * metadata is merged under the primary's (the primary's values win), its sessions end, and it
 * is trashed or removed. Emits `user.merged` on the primary with `{secondaryId, secondary}`.
 * A provider linked to both with different external ids is refused (`badRequest`), nothing changed.
 */
export function mergeUsers(
  ctx: UsersContext,
  primaryRef: UserRef,
  secondaryRef: UserRef,
  options?: unknown,
): MergeResult {
  const fn = 'mergeUsers';
  const dispose = disposal(ctx, fn, options);
  return ctx.store.transaction(() => {
    const primary = loadUser(ctx.store, fn, primaryRef);
    const secondary = loadUser(ctx.store, fn, secondaryRef);
    if (primary.id === secondary.id) throw badRequest(`${fn}: a user cannot be merged into itself`);
    if (stateOf(primary) === 'TRASH') throw badRequest(`${fn}: the primary user '${primary.id}' is in TRASH`);
    const providers = ctx.store.schema.identityProviders;
    const merged = links(primary).map((l) => ({ ...l }));
    for (const link of links(secondary)) {
      const p = findProvider(providers, link.identityProvider);
      const mine = merged.find((l) => findProvider(providers, l.identityProvider)?.id === p?.id);
      if (!mine) merged.push({ identityProvider: link.identityProvider, externalId: link.externalId });
      else if (mine.externalId === null) mine.externalId = link.externalId;
      else if (link.externalId !== null && link.externalId !== mine.externalId) {
        throw badRequest(
          `${fn}: both users are linked to '${link.identityProvider}' with different external ids`,
        );
      }
    }
    const groups = groupItems(primary).map(({ group, primary: p }) => ({ group, primary: p }));
    for (const item of groupItems(secondary)) {
      if (!groups.some((g) => g.group === item.group)) groups.push({ group: item.group, primary: false });
    }
    if (groups.length > 0 && !groups.some((g) => g.primary)) groups[0]!.primary = true;
    // The secondary lets go of its links first: an external id belongs to one user at a time.
    const released = ctx.store.update(USERS, {
      ...secondary,
      fields: { ...secondary.fields, identityProviders: [] },
    });
    const user = ctx.store.update(USERS, {
      ...primary,
      fields: { ...primary.fields, identityProviders: merged, groups },
    });
    const meta = ctx.lifecycle.metadata;
    meta.put(primary.id!, mergedMetadata(meta.get(secondary.id!), meta.get(primary.id!)));
    meta.removeUser(secondary.id!);
    ctx.sessions.revokeUser(secondary.id!);
    if (dispose === 'trash') {
      ctx.store.update(USERS, { ...released, fields: { ...released.fields, state: 'TRASH' } });
    } else ctx.store.remove(USERS, secondary.id!);
    const secondaryState = dispose === 'trash' ? 'trashed' : 'removed';
    ctx.emit('user.merged', user.id!, user, primary, {
      secondaryId: secondary.id,
      secondary: secondaryState,
    });
    return { user, secondaryId: secondary.id!, secondary: secondaryState };
  });
}
