import type { EntitySchema, FieldSchema, Fields, RecordData, WardenEvent, WireRecord } from '@warden/sys-api';
import { assertSafeKeys } from './bind-args.js';

/** The `event` variable of a hook: the event without its records, which come as Records. */
export interface HookEventParam {
  type: WardenEvent['type'];
  entity: string;
  recordId: string;
  data: Record<string, unknown>;
  time: number;
}

export const eventParam = (e: WardenEvent): HookEventParam => ({
  type: e.type,
  entity: e.entity,
  recordId: e.recordId,
  data: e.data,
  time: e.time,
});

/**
 * A record as a hook gets it: a copy, with write-only values (passwords) nulled, because a pending
 * save still holds them as given.
 */
export function hookRecord(schema: EntitySchema, entity: string, r: RecordData): WireRecord {
  return {
    entity,
    id: r.id,
    version: r.version,
    label: r.label,
    fields: redact(schema.fields, structuredClone(r.fields)),
  };
}

function redact(fields: Record<string, FieldSchema>, values: Fields): Fields {
  for (const [name, f] of Object.entries(fields)) {
    if (f.writeOnly) values[name] = null;
    else if (f.type === 'nested' && !f.multiple && f.fields && isObject(values[name])) {
      redact(f.fields, values[name] as Fields);
    }
  }
  return values;
}

/**
 * Copies what a before-hook changed in `record` back into the pending save: only schema fields
 * whose value differs from what the hook was given, never a write-only value (the hook saw null).
 */
export function applyHookEdits(
  schema: EntitySchema,
  pending: RecordData,
  given: WireRecord,
  returned: WireRecord | undefined,
): void {
  if (!returned) return;
  assertSafeKeys('before-hook record', returned.fields);
  for (const [name, f] of Object.entries(schema.fields)) {
    if (f.writeOnly || !Object.hasOwn(returned.fields, name)) continue;
    const value = returned.fields[name];
    if (JSON.stringify(value) === JSON.stringify(given.fields[name])) continue;
    const keep = f.type === 'nested' && !f.multiple && isObject(value) && isObject(pending.fields[name]);
    pending.fields[name] = keep ? mergeNested(f, pending.fields[name] as Fields, value as Fields) : value;
  }
}

/** A single nested value: the hook's children over the pending ones, write-only children kept. */
function mergeNested(f: FieldSchema, pending: Fields, edited: Fields): Fields {
  const out = { ...pending };
  for (const [key, value] of Object.entries(edited)) if (!f.fields?.[key]?.writeOnly) out[key] = value;
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
