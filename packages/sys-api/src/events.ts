import type { RecordData } from './schema.js';

/**
 * Every event Warden emits: record changes of any entity, the user lifecycle, and the messages
 * scripts send to a UI (`sys.ui.sendMessage`: entity and recordId empty, the message in `data`).
 */
export const EVENT_TYPES = [
  'record.created',
  'record.changed',
  'record.deleted',
  'user.created',
  'user.activated',
  'user.deactivated',
  'user.blocked',
  'user.passwordReset',
  'user.passwordUpdated',
  'user.identityProviderAdded',
  'user.identityProviderRemoved',
  'user.groupAdded',
  'user.groupRemoved',
  'user.signedIn',
  'user.signInFailed',
  'user.expired',
  'ui.message',
  'user.signedUp',
  'user.emailVerificationSent',
  'user.emailVerified',
  'user.emailChangeRequested',
  'user.emailChanged',
  'user.mfaEnrolled',
  'user.mfaRemoved',
  'user.mfaRecoveryCodesIssued',
  'user.mfaRecoveryCodeUsed',
  'user.sessionRevoked',
  'user.signingKeyRotated',
  'user.stateChanged',
  'user.purged',
  'user.metadataChanged',
  'user.merged',
  'user.providerSignedIn',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * One event, emitted inside the transaction that caused it. `record` is the state after the
 * change (before it, for deletions); `oldRecord` the state before, where there was one.
 */
export interface WardenEvent {
  type: EventType;
  entity: string;
  recordId: string;
  record: RecordData | null;
  oldRecord: RecordData | null;
  /** Event details that are not part of the record (provider name, group name, ip, reason). */
  data: Record<string, unknown>;
  time: number;
}

/** Receives events inside the emitting transaction; a throw vetoes (rolls back) the change. */
export type EventSink = (event: WardenEvent) => void;
