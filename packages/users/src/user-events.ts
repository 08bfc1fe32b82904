import type { EventSink, EventType, RecordData } from '@warden/sys-api';
import { findProvider } from './identity-providers.js';
import { groupItems } from './user-groups.js';
import { USERS } from './user-record.js';
import { statusOf, type UserStatus } from './user-status.js';

/** Emits one user lifecycle event to the host's sink, inside the caller's transaction. */
export type EmitUserEvent = (
  type: EventType,
  userId: string,
  record: RecordData | null,
  oldRecord: RecordData | null,
  data?: Record<string, unknown>,
) => void;

/** An event a save implies, before it gets its records. */
export interface ChangeEvent {
  type: EventType;
  data: Record<string, unknown>;
}

/**
 * The emitter over `onEvent`. A throw from the sink is not caught: it travels up through the
 * store transaction that is open, which rolls back; that is how a host vetoes a change.
 */
export function createUserEvents(onEvent: EventSink | undefined, now: () => number): EmitUserEvent {
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw new TypeError('createUsers: onEvent must be a function');
  }
  if (!onEvent) return () => {};
  return (type, recordId, record, oldRecord, data = {}) =>
    onEvent({ type, entity: USERS, recordId, record, oldRecord, data, time: now() });
}

const STATUS_EVENTS: Record<UserStatus, EventType> = {
  ACTIVE: 'user.activated',
  INACTIVE: 'user.deactivated',
  BLOCKED: 'user.blocked',
};

const groupNames = (user: RecordData | null) => (user ? groupItems(user).map((i) => i.group) : []);

function providerNames(user: RecordData | null): string[] {
  const value = user?.fields.identityProviders;
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (item as { identityProvider?: unknown } | null)?.identityProvider)
    .filter((name): name is string => typeof name === 'string');
}

const added = (before: string[], after: string[]) => after.filter((x) => !before.includes(x));

/**
 * The events an update of a stored user implies: status changes, groups and identity providers
 * added or removed. A creation implies only `user.created` (its record carries the initial state).
 */
export function changeEvents(
  providers: Parameters<typeof findProvider>[0],
  previous: RecordData | null,
  saved: RecordData,
): ChangeEvent[] {
  if (!previous) return [{ type: 'user.created', data: {} }];
  const events: ChangeEvent[] = [];
  const status = statusOf(saved);
  if (status !== statusOf(previous)) events.push({ type: STATUS_EVENTS[status], data: {} });
  const [gBefore, gAfter] = [groupNames(previous), groupNames(saved)];
  for (const group of added(gBefore, gAfter)) events.push({ type: 'user.groupAdded', data: { group } });
  for (const group of added(gAfter, gBefore)) events.push({ type: 'user.groupRemoved', data: { group } });
  // Providers are stored by name; map through the app's list so a renamed spelling still matches.
  const canonical = (names: string[]) => names.map((n) => findProvider(providers, n)?.name ?? n);
  const [pBefore, pAfter] = [canonical(providerNames(previous)), canonical(providerNames(saved))];
  for (const provider of added(pBefore, pAfter)) {
    events.push({ type: 'user.identityProviderAdded', data: { provider } });
  }
  for (const provider of added(pAfter, pBefore)) {
    events.push({ type: 'user.identityProviderRemoved', data: { provider } });
  }
  return events;
}
