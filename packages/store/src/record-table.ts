import type { FieldDef } from './app-definition.js';
import { tableName } from './query/table-name.js';

/** The table of an entity (see `tableName`: `sys.users` → `rec_sys_users`, `a.b` → `rec_a$b`). */
export const recordTable = (entity: string): string => tableName(entity);

/** The SQL expression an index on a top-level field uses; emails compare case-insensitively. */
export function indexExpression(name: string, def: FieldDef): string {
  if (def.type === 'email') return `lower(json_extract(data, '$.${name}'))`;
  if (def.type === 'relationship') return `json_extract(data, '$.${name}.id')`;
  return `json_extract(data, '$.${name}')`;
}

/** The index of a field: `ux_<table>_<field>` when unique, `ix_…` when only indexed. */
export function indexName(table: string, name: string, unique: boolean): string {
  return `${unique ? 'ux' : 'ix'}_${table}_${name}`;
}
