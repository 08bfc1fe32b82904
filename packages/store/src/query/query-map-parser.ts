import { isForbiddenKey } from '@warden/sys-api';
import { parseComplexQuery } from './complex-query-parser.js';
import { anyElement, fieldCondition } from './field-condition.js';
import { childScope, resolvePath, type Scope } from './field-path.js';
import { parseOperator } from './operator-parser.js';
import { and, type Cond, or } from './query-ast.js';
import { isPlainObject, queryError, show } from './query-error.js';
import { relatedCondition, splitRelated } from './related-path.js';

/** Combinator keys allowed anywhere a filter map is; other `_` keys belong to the top level only. */
const COMBINATORS = new Set(['_or', '_and', '_query']);

/** Every entry of a filter map, ANDed. */
export function parseFilterMap(scope: Scope, map: Record<string, unknown>): Cond {
  return and(Object.keys(map).map((key) => parseFilterEntry(scope, key, map[key])));
}

/** One key of a filter map: a field path with its value, or `_or` / `_and` / `_query`. */
export function parseFilterEntry(scope: Scope, key: string, value: unknown): Cond {
  if (isForbiddenKey(key)) throw queryError(scope.entity, scope.keyPrefix + key, 'key is not allowed');
  if (key.startsWith('_')) {
    if (!COMBINATORS.has(key)) throw queryError(scope.entity, key, 'unknown or misplaced system parameter');
    if (key === '_query') return parseQueryString(scope, value);
    return parseCombinator(scope, key, value);
  }
  const related = splitRelated(scope, key);
  if (related) return relatedCondition(scope, related, value, parseFilterEntry);
  const resolved = resolvePath(scope, key);
  if (isPlainObject(value)) {
    if (resolved.field.type === 'nested') {
      // Every condition of the object must hold on the same item of the nested field.
      return anyElement(scope, resolved, parseFilterMap(childScope(scope, resolved, key), value));
    }
    if (resolved.field.type !== 'relationship') {
      throw queryError(
        scope.entity,
        scope.keyPrefix + key,
        `expected a value or an operator string, got ${show(value)}`,
      );
    }
  }
  let call: ReturnType<typeof parseOperator>;
  try {
    call = isPlainObject(value) ? { op: 'equals', args: [value] } : parseOperator(value);
  } catch (e) {
    throw queryError(scope.entity, scope.keyPrefix + key, (e as Error).message);
  }
  return fieldCondition(scope, key, resolved, call);
}

/**
 * `_or` / `_and`: an object whose entries are combined (Slingr), or an array of maps, each map
 * ANDed inside, combined with each other (Warden extension, so a field can repeat).
 */
function parseCombinator(scope: Scope, key: string, value: unknown): Cond {
  const combine = key === '_or' ? or : and;
  if (Array.isArray(value)) {
    if (value.length === 0) throw queryError(scope.entity, key, 'must not be empty');
    return combine(
      value.map((item, i) => {
        if (!isPlainObject(item))
          throw queryError(scope.entity, `${key}[${i}]`, `expected an object, got ${show(item)}`);
        return parseFilterMap(scope, item);
      }),
    );
  }
  if (!isPlainObject(value))
    throw queryError(scope.entity, key, `expected an object or an array, got ${show(value)}`);
  const keys = Object.keys(value);
  if (keys.length === 0) throw queryError(scope.entity, key, 'must not be empty');
  return combine(keys.map((k) => parseFilterEntry(scope, k, value[k])));
}

function parseQueryString(scope: Scope, value: unknown): Cond {
  if (typeof value !== 'string')
    throw queryError(scope.entity, '_query', `expected a string, got ${show(value)}`);
  return parseComplexQuery(
    value,
    (field, operator) => parseFilterEntry(scope, field, operator),
    (problem) => queryError(scope.entity, '_query', problem),
  );
}
