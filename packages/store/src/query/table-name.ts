/**
 * The record table of an entity. Built-in entities (the reserved `sys` namespace) write their
 * dot as `_`, so `sys.users` keeps `rec_sys_users`; every other dot becomes `$`, a character no
 * entity name may hold, so `a.b_c` (`rec_a$b_c`) and `a_b.c` (`rec_a_b$c`) never share a table
 * and names without a dot keep the table they always had.
 */
export function tableName(entity: string): string {
  if (entity.startsWith('sys.')) return `rec_${entity.replaceAll('.', '_')}`;
  return `rec_${entity.replaceAll('.', '$')}`;
}

/** An entity name: identifiers joined by dots (`support.tickets`), at most 128 characters. */
export const ENTITY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}(?:\.[A-Za-z][A-Za-z0-9_]{0,63}){0,3}$/;
