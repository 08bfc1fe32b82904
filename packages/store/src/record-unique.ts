import type { FieldError } from '@warden/sys-api';
import type { EntityDef } from './app-definition.js';
import { indexExpression, indexName, recordTable } from './record-table.js';
import type { Prepare } from './statement-cache.js';

const message = 'must be unique, another record has this value';

/** Errors for unique fields whose value another record (not `id`) already holds. */
export function findUniqueClashes(
  prepare: Prepare,
  entity: EntityDef,
  data: Record<string, unknown>,
  id: string,
): FieldError[] {
  const table = recordTable(entity.name);
  const errors: FieldError[] = [];
  for (const [name, def] of Object.entries(entity.fields)) {
    const value = data[name];
    if (!def.unique || value === null || value === undefined) continue;
    const expr = indexExpression(name, def);
    const param = def.type === 'relationship' ? (value as { id: string }).id : value;
    const probe = def.type === 'email' ? 'lower(?)' : '?';
    const clash = prepare(`SELECT 1 FROM ${table} WHERE ${expr} = ${probe} AND id <> ? LIMIT 1`).get(
      param,
      id,
    );
    if (clash) errors.push({ field: name, code: 'unique', message });
  }
  return errors;
}

/** Maps SQLite's unique-index failure to the field's validation error; null for other errors. */
export function uniqueErrorOf(entity: EntityDef, error: unknown): FieldError | null {
  const code = (error as { code?: unknown })?.code;
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return null;
  const text = String((error as Error).message);
  const table = recordTable(entity.name);
  for (const [name, def] of Object.entries(entity.fields)) {
    if (def.unique && text.includes(indexName(table, name, true)))
      return { field: name, code: 'unique', message };
  }
  return { field: code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? 'id' : '(record)', code: 'unique', message };
}
