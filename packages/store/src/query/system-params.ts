import type { FieldSchema } from '@warden/sys-api';
import { resolvePath, type Scope } from './field-path.js';
import type { SortDirection, SortSpec } from './query-ast.js';
import { queryError, show, underKey } from './query-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNSORTABLE = new Set<FieldSchema['type']>(['nested', 'json']);

function toCount(scope: Scope, key: string, value: unknown): number {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw queryError(scope.entity, key, `expected a non-negative integer, got ${show(value)}`);
  }
  return n;
}

/** `_size`: the total number of records to return, or null for no cap. */
export function parseSize(scope: Scope, value: unknown): number | null {
  return value === null || value === undefined ? null : toCount(scope, '_size', value);
}

/** `_offset`: a number of records to skip, or a record id to start after. */
export function parseOffset(scope: Scope, value: unknown): { offset: number; afterId: string | null } {
  if (value === null || value === undefined) return { offset: 0, afterId: null };
  if (typeof value === 'string' && UUID.test(value)) return { offset: 0, afterId: value.toLowerCase() };
  return { offset: toCount(scope, '_offset', value), afterId: null };
}

function parseDirection(scope: Scope, value: unknown): SortDirection {
  if (value === null || value === undefined) return 'desc';
  const dir = typeof value === 'string' ? value.toLowerCase() : value;
  if (dir !== 'asc' && dir !== 'desc')
    throw queryError(scope.entity, '_sortType', `expected 'asc' or 'desc', got ${show(value)}`);
  return dir;
}

/**
 * `_sortField` + `_sortType`: one single-valued field (a relationship sorts by its label), or `id`.
 * The default is `id` descending, newest first.
 */
export function parseSort(scope: Scope, field: unknown, type: unknown): SortSpec {
  const direction = parseDirection(scope, type);
  if (field === null || field === undefined || field === 'id') return { path: null, direction };
  if (typeof field !== 'string')
    throw queryError(scope.entity, '_sortField', `expected a field path, got ${show(field)}`);
  const resolved = underKey(scope.entity, '_sortField', () =>
    resolvePath({ ...scope, system: false }, field),
  );
  const type_ = resolved.field.type;
  if (resolved.arrays.length > 0)
    throw queryError(scope.entity, '_sortField', `cannot sort by the multi-valued field '${field}'`);
  if (UNSORTABLE.has(type_))
    throw queryError(scope.entity, '_sortField', `cannot sort by the ${type_} field '${field}'`);
  return { path: type_ === 'relationship' ? [...resolved.leaf, 'label'] : resolved.leaf, direction };
}

/** `_fields`: a comma list or an array of field paths; `id`, `label`, `version` always come back. */
export function parseFields(scope: Scope, value: unknown): string[] | null {
  if (value === null || value === undefined) return null;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.some((p) => typeof p !== 'string')) {
    throw queryError(
      scope.entity,
      '_fields',
      `expected a comma list or an array of field paths, got ${show(value)}`,
    );
  }
  const paths = (list as string[]).map((p) => p.trim()).filter((p) => p !== '');
  for (const path of paths) underKey(scope.entity, '_fields', () => resolvePath(scope, path));
  return paths.filter(
    (p) => !(p === 'id' || p === 'label' || p === 'version') || Object.hasOwn(scope.fields, p),
  );
}
