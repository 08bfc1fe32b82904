import { type AppSchema, type EntitySchema, isForbiddenKey } from '@warden/sys-api';
import type { Scope } from './field-path.js';
import { and, type Cond, type SortSpec } from './query-ast.js';
import { isPlainObject, queryError, show } from './query-error.js';
import { parseFilterEntry } from './query-map-parser.js';
import { searchPaths, searchQuery, searchTables } from './search-text.js';
import { parseFields, parseOffset, parseSize, parseSort } from './system-params.js';

/** A validated query: filters as a condition tree plus the paging, sorting and projection params. */
export interface ParsedQuery {
  /** `_size`: total cap on returned records, null for none. */
  size: number | null;
  /** Numeric `_offset`, applied on the first page. */
  offset: number;
  /** `_offset` given as a record id: start after it (default id sort). */
  afterId: string | null;
  /** `_fields`: field paths to return, null for all. */
  fields: string[] | null;
  where: Cond | null;
  sort: SortSpec;
}

const PARAMS = new Set(['_size', '_offset', '_sortField', '_sortType', '_fields']);
const SEARCH = '_globalSearch';
/** REST-only parameters that Slingr ignores in scripts. */
const IGNORED = new Set(['_relationshipsToFetch', '_format', '_formatForUser']);
const COMBINATORS = new Set(['_or', '_and', '_query']);
/** Slingr search features that need text or vector indexes Warden does not have. */
const UNSUPPORTED = new Set([
  '_indexedFilter',
  '_indexedFilterQuery',
  '_indexedFilterEmbedding',
  '_vectorSearchLimit',
  '_numCandidates',
  '_queryScoring',
  '_taskType',
]);

/** `_globalSearch`: every word of the text in some text field of the record (see search-text.ts). */
function globalSearch(entity: EntitySchema, value: unknown): Cond {
  if (typeof value !== 'string')
    throw queryError(entity.name, '_globalSearch', `expected a text to search for, got ${show(value)}`);
  if (!entity.globalSearch)
    throw queryError(
      entity.name,
      '_globalSearch',
      `the entity keeps no search index (declare "globalSearch": true on '${entity.name}' in the app definition)`,
    );
  if (searchPaths(entity.fields).length === 0)
    throw queryError(entity.name, '_globalSearch', 'the entity has no text fields to search');
  const query = searchQuery(value);
  if (query === null)
    throw queryError(entity.name, '_globalSearch', `expected some words to search for, got ${show(value)}`);
  return { kind: 'search', ...searchTables(entity.name), query };
}

/** The query-map scope of an entity's records (system columns available). */
export function entityScope(entity: EntitySchema, app?: AppSchema, keyPrefix = ''): Scope {
  return {
    entity: entity.name,
    fields: entity.fields,
    depth: 0,
    prefix: [],
    keyPrefix,
    system: true,
    ...(app ? { app } : {}),
  };
}

/**
 * Parses and validates a Slingr query map against the entity schema. Throws badRequest naming
 * the key and the problem for unknown fields or params, malformed operators and wrong values.
 */
export function parseQuery(
  entity: EntitySchema,
  input: Record<string, unknown> | null,
  app: AppSchema,
): ParsedQuery {
  const scope = entityScope(entity, app);
  const map = input ?? {};
  if (!isPlainObject(map)) throw queryError(entity.name, '(query)', `expected an object, got ${show(input)}`);
  const filters: Cond[] = [];
  for (const key of Object.keys(map)) {
    if (isForbiddenKey(key)) throw queryError(entity.name, key, 'key is not allowed');
    if (UNSUPPORTED.has(key)) throw queryError(entity.name, key, 'is not supported by Warden');
    if (
      key.startsWith('_') &&
      key !== SEARCH &&
      !COMBINATORS.has(key) &&
      !PARAMS.has(key) &&
      !IGNORED.has(key)
    ) {
      throw queryError(entity.name, key, 'unknown system parameter');
    }
    if (key === SEARCH) filters.push(globalSearch(entity, map[key]));
    else if (!PARAMS.has(key) && !IGNORED.has(key)) filters.push(parseFilterEntry(scope, key, map[key]));
  }
  const { offset, afterId } = parseOffset(scope, map._offset);
  const sort = parseSort(scope, map._sortField, map._sortType);
  if (afterId && sort.path) throw queryError(entity.name, '_offset', 'an id offset requires sorting by id');
  return {
    size: parseSize(scope, map._size),
    offset,
    afterId,
    fields: parseFields(scope, map._fields),
    where: filters.length ? and(filters) : null,
    sort,
  };
}
