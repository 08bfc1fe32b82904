import { type AppSchema, type FieldSchema, isForbiddenKey } from '@warden/sys-api';
import type { SystemColumn } from './query-ast.js';
import { queryError } from './query-error.js';

/** Where keys of a (sub-)query map are resolved: an entity, or the item of a nested field. */
export interface Scope {
  entity: string;
  fields: Record<string, FieldSchema>;
  /** Number of enclosing `each` (json_each) levels. */
  depth: number;
  /** JSON path from the scope's base to these fields (single nested parents). */
  prefix: string[];
  /** Shown before keys in messages (`addresses.`). */
  keyPrefix: string;
  /** Whether `id`, `label` and `version` name the record columns. */
  system: boolean;
  /** The app, when keys may cross a relationship into the related record (`company.isCustomer`). */
  app?: AppSchema;
}

export interface ResolvedPath {
  field: FieldSchema;
  column: SystemColumn | null;
  /** JSON paths of each multi-valued hop; the first is relative to the scope base, the others to the previous element. */
  arrays: string[][];
  /** JSON path of the value, relative to the last array element (or the scope base when no arrays). */
  leaf: string[];
}

const SYSTEM_FIELDS: Record<SystemColumn, FieldSchema> = {
  id: { name: 'id', type: 'text', multiple: false, required: true },
  label: { name: 'label', type: 'text', multiple: false, required: false },
  version: { name: 'version', type: 'integer', multiple: false, required: true },
};

const textField = (name: string): FieldSchema => ({ name, type: 'text', multiple: false, required: false });

/** Children of a nested field; items of a multi-valued one also carry a system `id`. */
const childFields = (field: FieldSchema): Record<string, FieldSchema> =>
  field.multiple ? { id: textField('id'), ...field.fields } : (field.fields ?? {});

const own = (fields: Record<string, FieldSchema>, name: string): FieldSchema | undefined =>
  Object.hasOwn(fields, name) ? fields[name] : undefined;

/**
 * Resolves a dotted path against the schema, so that only known field names ever reach a JSON
 * path. A relationship allows `.id` and `.label` after it; a nested field allows its children.
 */
export function resolvePath(scope: Scope, path: string): ResolvedPath {
  const key = scope.keyPrefix + path;
  const segments = path.split('.');
  for (const s of segments) {
    if (s === '') throw queryError(scope.entity, key, 'empty path segment');
    if (isForbiddenKey(s)) throw queryError(scope.entity, key, `'${s}' is not allowed in a field path`);
  }
  const first = segments[0] as string;
  if (
    segments.length === 1 &&
    scope.system &&
    !own(scope.fields, first) &&
    Object.hasOwn(SYSTEM_FIELDS, first)
  ) {
    const column = first as SystemColumn;
    return { field: SYSTEM_FIELDS[column], column, arrays: [], leaf: [] };
  }
  const arrays: string[][] = [];
  let current = [...scope.prefix];
  let fields: Record<string, FieldSchema> | undefined = scope.fields;
  let field: FieldSchema | undefined;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i] as string;
    if (field?.type === 'relationship') {
      if ((name !== 'id' && name !== 'label') || i !== segments.length - 1) {
        throw queryError(scope.entity, key, `a relationship only allows '.id' or '.label' after it`);
      }
      current.push(name);
      field = textField(name);
      break;
    }
    if (!fields)
      throw queryError(scope.entity, key, `'${segments.slice(0, i).join('.')}' has no child fields`);
    field = own(fields, name);
    if (!field) throw queryError(scope.entity, key, `unknown field '${name}' in entity '${scope.entity}'`);
    if (field.writeOnly) throw queryError(scope.entity, key, `'${name}' is write-only and cannot be queried`);
    current.push(name);
    if (field.multiple) {
      arrays.push(current);
      current = [];
    }
    fields = field.type === 'nested' ? childFields(field) : undefined;
  }
  return { field: field as FieldSchema, column: null, arrays, leaf: current };
}

/** The scope of one item of a nested field reached by `resolved` (for same-element maps). */
export function childScope(scope: Scope, resolved: ResolvedPath, path: string): Scope {
  return {
    entity: scope.entity,
    ...(scope.app ? { app: scope.app } : {}),
    fields: childFields(resolved.field),
    depth: scope.depth + resolved.arrays.length,
    prefix: resolved.leaf,
    keyPrefix: `${scope.keyPrefix}${path}.`,
    system: false,
  };
}
