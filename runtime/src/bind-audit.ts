import type { AuditEntry, AuditQuery } from '@warden/store';
import { badRequest } from '@warden/sys-api';
import { obj, str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { requireRight, runAccess } from './run-access.js';
import type { RunState } from './run-state.js';

/** What `record.auditLogs()` answers per row (`sys.data.RecordAuditLog` wraps it). */
export interface ScriptAuditLog {
  id: string;
  timestamp: number;
  /** SCRIPT for changes made by runs, SYSTEM for host calls (Warden has no UI users). */
  eventCategory: 'SCRIPT' | 'SYSTEM';
  /** `SCRIPT_RECORD_CHANGED`, `SYSTEM_RECORD_CREATED`, … */
  eventType: string;
  /** The acting user's email, or null for the system. */
  user: string | null;
  ip: string | null;
  oldRecord: Record<string, unknown>;
  newRecord: Record<string, unknown>;
}

const EVENT_TYPE = /^(USER|SCRIPT|SYSTEM|\*)_RECORD_(CREATED|CHANGED|DELETED)$/;
const FIND_KEYS = new Set(['eventType', 'from', 'to', 'size', 'offset']);

/**
 * `sys.data.Record.auditLogs()` (`history()`): the record's history, newest first. Under access
 * rules the user needs the entity's `history` right on the record, and sees no field they may not read.
 */
export function bindAudit(state: RunState): OpTable {
  const emails = new Map<string, string | null>();
  const emailOf = (userId: string | null) => {
    if (!userId) return null;
    if (!emails.has(userId)) {
      const user = state.store.findById('sys.users', userId);
      emails.set(userId, (user?.fields.email as string | undefined) ?? null);
    }
    return emails.get(userId) ?? null;
  };
  return {
    'data.history': ([entity, id, filters]) => {
      const op = 'Record.auditLogs';
      const name = str(op, 'entity', entity);
      const recordId = str(op, 'record id', id);
      const f = (filters === null || filters === undefined ? {} : obj(op, 'options', filters)) as Record<
        string,
        unknown
      >;
      for (const key of Object.keys(f))
        if (!FIND_KEYS.has(key)) throw badRequest(`${op}: '${key}' is not an option of find`);
      if (!state.audit.keepsHistory(name)) {
        throw badRequest(
          `${op}: entity '${name}' keeps no history (declare "history": true in the app definition)`,
        );
      }
      state.touch();
      requireRight(state, op, name, recordId, 'history');
      const query: AuditQuery = { entity: name, recordId, limit: (f.size as number | undefined) ?? 20 };
      if (f.offset !== undefined) query.offset = f.offset as number;
      if (f.from !== undefined) query.from = f.from as number;
      if (f.to !== undefined) query.to = f.to as number;
      if (f.eventType !== undefined) {
        const m = EVENT_TYPE.exec(String(f.eventType));
        if (!m)
          throw badRequest(
            `${op}: eventType must be like SCRIPT_RECORD_CHANGED, got ${JSON.stringify(f.eventType)}`,
          );
        query.type = `record.${m[2]!.toLowerCase()}`;
        if (m[1] === 'SCRIPT') query.origin = 'run';
        else if (m[1] !== '*') query.origin = 'host';
      }
      const hidden = new Set<string>();
      const fields = runAccess(state)?.rights.entities[name]?.fields ?? {};
      for (const [field, right] of Object.entries(fields)) if (right === 'none') hidden.add(field);
      return state.audit.log.query(op, query).items.map((e) => toScript(e, emailOf(e.actor.userId), hidden));
    },
  };
}

function toScript(e: AuditEntry, user: string | null, hidden: Set<string>): ScriptAuditLog {
  const category = e.actor.runId ? 'SCRIPT' : 'SYSTEM';
  const oldRecord: Record<string, unknown> = {};
  const newRecord: Record<string, unknown> = {};
  for (const [field, change] of Object.entries(e.changes ?? {})) {
    if (hidden.has(field)) continue;
    oldRecord[field] = change.old;
    newRecord[field] = change.new;
  }
  return {
    id: String(e.seq),
    timestamp: e.time,
    eventCategory: category,
    eventType: `${category}_${e.type.replace('record.', 'RECORD_').toUpperCase()}`,
    user,
    ip: typeof e.data.ip === 'string' ? e.data.ip : null,
    oldRecord,
    newRecord,
  };
}
