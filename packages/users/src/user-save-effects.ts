import type { UserRemoveEvent, UserSaveEvent } from './store-port.js';
import { changeEvents } from './user-events.js';
import { statusOf } from './user-status.js';
import type { UsersContext } from './users-context.js';

/**
 * What a stored save of a user sets off, inside its transaction: a status other than ACTIVE,
 * or a new password, ends the user's sessions; leaving BLOCKED or a new password clears the
 * failed sign-ins; then the lifecycle events. The events are emitted whatever the save's options
 * say (`triggerEvents: false`, `mode: 'lite'`): a script must not be able to deactivate a user
 * without leaving `user.deactivated` behind (docs/architecture.md, threat model).
 */
export function afterUserSave(ctx: UsersContext, e: UserSaveEvent, passwordSet: boolean): void {
  const { record, previous } = e;
  const id = record.id!;
  const status = statusOf(record);
  const statusChanged = previous !== null && statusOf(previous) !== status;
  const passwordChanged = previous !== null && passwordSet;
  if ((statusChanged && status !== 'ACTIVE') || passwordChanged) ctx.sessions.revokeUser(id);
  if ((statusChanged && statusOf(previous!) === 'BLOCKED') || passwordChanged) ctx.attempts.clear(id);
  for (const { type, data } of changeEvents(ctx.store.schema.identityProviders, previous, record)) {
    ctx.emit(type, id, record, previous, data);
  }
  if (passwordChanged) ctx.emit('user.passwordUpdated', id, record, previous, { via: 'save' });
}

/** A removed user leaves no session and no failure count behind. */
export function afterUserRemove(ctx: UsersContext, e: UserRemoveEvent): void {
  const id = e.record.id;
  if (!id) return;
  ctx.sessions.removeUser(id);
  ctx.attempts.clear(id);
}
