import type { RecordData, WardenEvent } from '@warden/sys-api';
import type { EntityDef } from './app-definition.js';
import { type AuditActor, type AuditLog, type FieldChange, openAuditLog } from './audit-log.js';
import type { Store } from './store-types.js';

/** The audit trail of one store: record history of the entities that ask for it, and user events. */
export interface AuditTrail {
  readonly log: AuditLog;
  /** Records a user lifecycle event (in the caller's transaction); secrets in its data are dropped. */
  userEvent(event: WardenEvent): void;
  /** True when `entity` keeps history (`"history": true`). */
  keepsHistory(entity: string): boolean;
  /** Deletes rows past the app's `audit.retentionDays` (none when unset); returns how many. */
  prune(now?: number): number;
  /** Removes the interceptors. */
  dispose(): void;
}

const DAY_MS = 86_400_000;
/** Keys of event data that could hold a secret, whatever an emitter puts there. */
const SECRET_KEY = /pass|secret|token|code|hash|key/i;

/** Changed stored fields; write-only fields never (they are not stored, and must not be logged). */
function diff(entity: EntityDef, before: RecordData | null, after: RecordData | null) {
  const changes: Record<string, FieldChange> = {};
  for (const [name, def] of Object.entries(entity.fields)) {
    if (def.writeOnly) continue;
    const old = before?.fields[name] ?? null;
    const now = after?.fields[name] ?? null;
    const empty = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0);
    if (empty(old) && empty(now)) continue;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes[name] = { old, new: now };
  }
  return changes;
}

function safeData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    if (SECRET_KEY.test(key)) continue;
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) out[key] = value;
  }
  return out;
}

/**
 * Installs history on every entity declared `"history": true`: each save and removal writes an
 * `audit_log` row inside the write's own transaction (an enforced interceptor: lite and quiet
 * writes are recorded too). `actor()` says who is writing at the time of the call.
 */
export function createAuditTrail(store: Store, actor: () => AuditActor, now = Date.now): AuditTrail {
  const log = openAuditLog(store.db);
  const removers: (() => void)[] = [];
  const entities = Object.values(store.app.entities).filter((e) => e.history === true);
  for (const entity of entities) {
    removers.push(
      store.intercept(entity.name, {
        enforced: true,
        afterSave(e) {
          const changes = diff(entity, e.previous, e.record);
          if (!e.isNew && Object.keys(changes).length === 0) return;
          log.write({
            time: now(),
            type: e.isNew ? 'record.created' : 'record.changed',
            entity: entity.name,
            recordId: e.record.id!,
            actor: actor(),
            changes,
            data: {},
          });
        },
        afterRemove(e) {
          log.write({
            time: now(),
            type: 'record.deleted',
            entity: entity.name,
            recordId: e.record.id!,
            actor: actor(),
            changes: diff(entity, e.record, null),
            data: {},
          });
        },
      }),
    );
  }
  const names = new Set(entities.map((e) => e.name));
  const retentionDays = store.app.audit?.retentionDays;
  return {
    log,
    keepsHistory: (entity) => names.has(entity),
    userEvent(event) {
      const status = event.record?.fields.status;
      const before = event.oldRecord?.fields.status;
      const statusChange = status !== undefined && before !== undefined && status !== before;
      const email = event.record?.fields.email ?? event.data?.email;
      log.write({
        time: event.time,
        type: event.type,
        entity: event.entity,
        recordId: event.recordId,
        actor: actor(),
        changes: statusChange ? { status: { old: before ?? null, new: status ?? null } } : null,
        data: { ...safeData(event.data), ...(typeof email === 'string' ? { email } : {}) },
      });
    },
    prune(at = now()) {
      return retentionDays ? log.prune(at - retentionDays * DAY_MS) : 0;
    },
    dispose() {
      for (const remove of removers) remove();
    },
  };
}
