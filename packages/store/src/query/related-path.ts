import type { EntitySchema, FieldSchema } from '@warden/sys-api';
import { anyElement } from './field-condition.js';
import { resolvePath, type Scope } from './field-path.js';
import { entityScope } from './parse-query.js';
import type { Cond } from './query-ast.js';
import { tableName } from './table-name.js';

/** A key that crosses a relationship: the relationship's path, the rest, and the related entity. */
export interface RelatedKey {
  head: string;
  rest: string;
  target: EntitySchema;
}

const own = (fields: Record<string, FieldSchema> | undefined, name: string) =>
  fields && Object.hasOwn(fields, name) ? fields[name] : undefined;

/**
 * Splits `company.isCustomer` at the relationship when the key goes on into the related
 * record's fields; null when it stays in this entity (`company`, `company.id`, `company.label`)
 * or names no field (then resolving the whole key reports the problem).
 */
export function splitRelated(scope: Scope, key: string): RelatedKey | null {
  const app = scope.app;
  if (!app) return null;
  const segments = key.split('.');
  let fields: Record<string, FieldSchema> | undefined = scope.fields;
  for (let i = 0; i < segments.length - 1; i++) {
    const field = own(fields, segments[i] as string);
    if (!field) return null;
    if (field.type === 'relationship') {
      const next = segments[i + 1];
      if (i + 2 === segments.length && (next === 'id' || next === 'label')) return null;
      const target =
        field.entity && Object.hasOwn(app.entities, field.entity) ? app.entities[field.entity] : undefined;
      if (!target) return null;
      return { head: segments.slice(0, i + 1).join('.'), rest: segments.slice(i + 1).join('.'), target };
    }
    fields = field.type === 'nested' ? field.fields : undefined;
  }
  return null;
}

/**
 * The condition of a related key: the relationship's id is one of the related records that
 * match the rest of the key (a semi-join). Records with the relationship empty never match,
 * whatever the operator, as in Slingr where the related field is then absent.
 */
export function relatedCondition(
  scope: Scope,
  key: RelatedKey,
  value: unknown,
  parseEntry: (scope: Scope, key: string, value: unknown) => Cond,
): Cond {
  const resolved = resolvePath(scope, key.head);
  const inner = parseEntry(
    entityScope(key.target, scope.app, `${scope.keyPrefix}${key.head}.`),
    key.rest,
    value,
  );
  return anyElement(scope, resolved, {
    kind: 'related',
    ref: { kind: 'json', depth: scope.depth + resolved.arrays.length, path: [...resolved.leaf, 'id'] },
    table: tableName(key.target.name),
    cond: inner,
  });
}
