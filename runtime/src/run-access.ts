import { type Authz, type EntityRights, type Rule, ruleWhere, type UserRights } from '@warden/authz';
import type { ScopedReader, Store } from '@warden/store';
import { type FieldSchema, type Fields, type RecordData, WardenError } from '@warden/sys-api';
import type { RunState } from './run-state.js';

/** The grant (`RunRequest.grants`) that turns enforcement on for a run acting as a user. */
export const ENFORCE_ACCESS = 'enforceAccess';

/** The read methods a run uses: the store itself (system runs) or a scoped reader. */
export type RunReader = Pick<
  Store,
  | 'findById'
  | 'findRowJsonById'
  | 'find'
  | 'findRowsJson'
  | 'findOne'
  | 'count'
  | 'aggregate'
  | 'resolveRelationship'
>;

/** A run's rights, loaded once per run (on its first enforced call) and the reader they give. */
export interface RunAccess {
  rights: UserRights;
  reader: ScopedReader;
}

/** The run's access, or null for an unrestricted (system) run. Cached on the run state. */
export function runAccess(state: RunState): RunAccess | null {
  if (!state.enforce || !state.currentUserId) return null;
  if (state.access && state.access.rights.userId === state.currentUserId) return state.access;
  const rights = state.authz.permissionsOf(state.currentUserId);
  state.access = { rights, reader: state.store.scoped(state.authz.accessRules(rights)) };
  return state.access;
}

export const readerOf = (state: RunState): RunReader => runAccess(state)?.reader ?? state.store;

const show = (rule: Rule) => (typeof rule === 'string' ? rule : `condition ${JSON.stringify(rule)}`);

function refuse(call: string, entity: string, op: string, rule: Rule, rights: UserRights): never {
  throw new WardenError(
    'forbidden',
    `${call}: the user may not ${op} this '${entity}' record (rule ${entity}.${op}: ${show(rule)}, roles ${JSON.stringify(rights.roles)})`,
    { info: { entity, rule: `${entity}.${op}`, user: rights.userId } },
  );
}

/** Throws `forbidden` unless the stored record matches the user's `op` rule (access included). */
export function requireRight(
  state: RunState,
  call: string,
  entity: string,
  id: string,
  op: 'edit' | 'delete' | 'access' | 'history',
): void {
  const access = runAccess(state);
  if (!access) return;
  const rule = access.rights.entities[entity]![op];
  if (rule === 'always') return;
  if (rule === 'never' || !access.reader.matches(entity, id, [ruleWhere(rule)])) {
    refuse(call, entity, op, rule, access.rights);
  }
}

/** The fields a user may write: read-only and hidden ones are dropped (Slingr's read-only). */
function writableFields(e: EntityRights, fields: Fields): Fields {
  const out: Fields = {};
  for (const [name, value] of Object.entries(fields)) if (e.fields[name] === 'read-write') out[name] = value;
  return out;
}

/**
 * A relationship in the written fields must name a record the user can see, or the write would
 * store (and then show) the label of a hidden record.
 */
function checkRelationships(
  state: RunState,
  access: RunAccess,
  call: string,
  entity: string,
  fields: Fields,
) {
  const defs: Record<string, FieldSchema> = state.store.schema.entities[entity]!.fields;
  for (const [name, value] of Object.entries(fields)) {
    const def = defs[name];
    if (!def || def.type !== 'relationship' || value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === null || v === undefined) continue;
      if (!access.reader.resolveRelationship(def.entity as string, v)) {
        throw new WardenError(
          'forbidden',
          `${call}: field '${name}' names no '${def.entity}' record the user may access`,
          { info: { entity, field: name } },
        );
      }
    }
  }
}

/**
 * Runs a write under the run's rights: a new record needs `create` (a condition is checked on the
 * record as written), an existing one `edit` before and after the change; read-only and hidden
 * fields are dropped unless `filter` is false (only system runs may ask so). The write and its
 * check are one savepoint, so a refused write leaves nothing.
 */
export function guardedSave<T>(
  state: RunState,
  call: string,
  entity: string,
  record: RecordData,
  write: (record: RecordData) => T,
  idOf: (written: T) => string | null,
): T {
  const access = runAccess(state);
  if (!access) return write(record);
  const e = access.rights.entities[entity]!;
  const isNew = record.id === null || record.id === undefined;
  const op = isNew ? 'create' : 'edit';
  if (e[op] === 'never') refuse(call, entity, op, e[op], access.rights);
  if (!isNew) requireRight(state, call, entity, record.id as string, 'edit');
  const fields = writableFields(e, record.fields ?? {});
  checkRelationships(state, access, call, entity, fields);
  return state.store.transaction(() => {
    const written = write({ ...record, fields });
    const id = idOf(written) ?? record.id ?? null;
    const rule = e[op];
    // A lite save answers no row: its id is unknown for a new record, so only 'always' may create.
    if (rule !== 'always' && (!id || !access.reader.matches(entity, id, [ruleWhere(rule)]))) {
      refuse(call, entity, op, rule, access.rights);
    }
    return written;
  });
}

/** The user's rights as `sys.users` methods and the host see them (the authz service). */
export type { Authz };
