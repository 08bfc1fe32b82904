import type { Fields, RecordData } from '@warden/sys-api';

/**
 * A small evaluator of Warden query maps for the in-memory test host: literal and `op(value)`
 * conditions, `_and`/`_or` as arrays or maps, `_size`, `_offset`, `_sortField`, `_sortType`.
 * Enough to check that what the bootstrap sends means what the script asked.
 */
export function matches(record: RecordData, query: Record<string, unknown> | null): boolean {
  if (!query) return true;
  return Object.entries(query).every(([key, cond]) => {
    if (key === '_and') return listOf(cond).every((q) => matches(record, q));
    if (key === '_or') return listOf(cond).some((q) => matches(record, q));
    if (key.startsWith('_')) return true;
    return test(read(record, key), cond);
  });
}

/** Sorts, offsets and limits matching records (default sort: id desc). */
export function select(records: RecordData[], query: Record<string, unknown> | null): RecordData[] {
  const field = (query?._sortField as string | undefined) ?? 'id';
  const dir = query?._sortType === 'asc' || (query?._sortType === undefined && field !== 'id') ? 1 : -1;
  const sorted = records
    .filter((r) => matches(r, query))
    .sort((a, b) => {
      const x = String(read(a, field) ?? '');
      const y = String(read(b, field) ?? '');
      return x < y ? -dir : x > y ? dir : 0;
    });
  const offset = typeof query?._offset === 'number' ? query._offset : 0;
  const size = typeof query?._size === 'number' ? query._size : sorted.length;
  return sorted.slice(offset, offset + size);
}

function listOf(cond: unknown): Record<string, unknown>[] {
  if (Array.isArray(cond)) return cond as Record<string, unknown>[];
  return Object.entries(cond as object).map(([k, v]) => ({ [k]: v }));
}

function read(record: RecordData, path: string): unknown {
  if (path === 'id' || path === 'version' || path === 'label') return record[path];
  let v: unknown = record.fields;
  for (const part of path.split('.')) {
    if (Array.isArray(v)) v = v.map((item) => (item as Fields)?.[part]);
    else v = v === null || v === undefined ? undefined : (v as Fields)[part];
  }
  if (v && typeof v === 'object' && !Array.isArray(v) && 'id' in v) return (v as { id: unknown }).id;
  return v;
}

function test(value: unknown, cond: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  const m = typeof cond === 'string' ? /^(\w+)\((.*)\)$/s.exec(cond) : null;
  const op = m ? m[1] : 'equals';
  const arg = m ? unquote(m[2] ?? '') : String(cond);
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (op) {
    case 'equals':
      return values.some((v) => str(v).toLowerCase() === arg.toLowerCase());
    case 'notEquals':
      return values.every((v) => str(v) !== arg);
    case 'like':
      return values.some((v) => str(v).toLowerCase().includes(arg.toLowerCase()));
    case 'greater':
      return values.some((v) => Number(v) > Number(arg));
    case 'less':
      return values.some((v) => Number(v) < Number(arg));
    case 'empty':
      return values.every((v) => str(v) === '');
    case 'notEmpty':
      return values.some((v) => str(v) !== '');
    default:
      throw new Error(`memory-query: operator ${op} is not supported by the test host`);
  }
}

const unquote = (s: string) =>
  s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\"/g, '"') : s;
