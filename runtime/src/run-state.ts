import type { Authz } from '@warden/authz';
import type { AuditTrail, Store } from '@warden/store';
import type { ContextFrame, RecordData, WardenEvent, WireRecord } from '@warden/sys-api';
import { badRequest, notFound } from '@warden/sys-api';
import type { Users } from '@warden/users';
import type { RunAccess } from './run-access.js';
import type { HeldLock } from './run-locks.js';

/** What a run keeps of an open result set: pages, a total, and its release. */
export interface PageCursor {
  /** True when `take` gives JSON texts (stored rows), spliced into the page as they are. */
  readonly json?: boolean;
  take(n: number): unknown[];
  count(): number;
  close(): void;
  /** Bytes the cursor keeps between pages (see the store's Cursor.heldBytes). */
  heldBytes?(): number;
}

/**
 * Everything one script run holds on the worker side; reset and reused by a later run once it
 * finishes. A before-hook nested in a run gets a state of its own (its user, cursors and locks).
 */
export interface RunState {
  runId: string;
  /** The run this one is nested in (a before-hook's triggering run), or null at the top level. */
  parent: RunState | null;
  readonly store: Store;
  readonly users: Users;
  /** Roles and rights (`run-access.ts`). */
  readonly authz: Authz;
  /** The audit log: record history and user events (`bind-audit.ts`). */
  readonly audit: AuditTrail;
  /** Access rules apply to this run's user (the run option `enforce`; before-hooks inherit it). */
  enforce: boolean;
  /** The user's rights and scoped reader, loaded on the first call that needs them. */
  access: RunAccess | null;
  /** Open cursors of this run, by handle. */
  readonly cursors: Map<string, PageCursor>;
  /** The user the run acts as (`sys.context`); null for the system user. */
  currentUserId: string | null;
  /** Set by the lock calls: the run's locks are released when it ends. */
  tookLocks: boolean;
  /** The embedder granted this run quiet writes (`triggerEvents: false`, `mode: 'lite'`). */
  quietWrites: boolean;
  /** The embedder granted this run writes of users' `appMetadata` (`sys.users.patchMetadata`). */
  appMetadata: boolean;
  /** Owner of the record locks the run takes: the run id, or a nested run's own id. */
  lockOwner: string;
  /** The locks the run took and holds, by entity and id (`run-locks.ts`). */
  readonly locks: Map<string, HeldLock>;
  /** Epoch ms at which the run's wall time ends: waits for locks end before it. */
  deadline: number;
  /** True in a replay: it holds the write lock from its first call and is not replayed again. */
  replaying: boolean;
  /** The contexts the run sits in, outermost first (`sys.context.root()` / `any()`). */
  frames: ContextFrame[];
  /** Journals an event that is no record change (a UI message) in the run's transaction. */
  emit(event: WardenEvent): void;
  /** Opens the run's transaction on the first call that touches the database. */
  touch(): void;
  nextCursorId(): string;
}

export function toWire(entity: string, record: RecordData): WireRecord {
  return { entity, id: record.id, version: record.version, label: record.label, fields: record.fields };
}

export function toRecord(record: WireRecord): RecordData {
  return { id: record.id, version: record.version, label: record.label, fields: record.fields };
}

/** Resolves a user by id or email; notFound names what was looked for. */
export function findUser(state: RunState, op: string, key: string): RecordData {
  const user = state.store.findOne('sys.users', key);
  if (!user) throw notFound(`${op}: no user with id or email '${key}'`);
  return user;
}

/** The id of the saved user behind a script's record; the users service reads the stored user by it. */
export function savedUserId(op: string, user: WireRecord): string {
  if (!user.id) throw badRequest(`${op}: the user has not been saved yet`);
  return user.id;
}
