/**
 * The query engine of @warden/store: Slingr query maps and aggregate pipelines compiled to SQLite
 * over the `rec_<entity>` tables. Every user value is a bound parameter; field paths are checked
 * against the schema before they are written into JSON paths.
 */

/** Compiles an aggregate pipeline (match, group, sort, project, count, skip, limit, unwind, lookup) to one SQL statement whose rows have a `doc` column (JSON text). */
export { compileAggregate } from './aggregate-compiler.js';
/** Parses and validates a query map; throws badRequest naming the key and the problem. */
export { type ParsedQuery, parseQuery } from './parse-query.js';
/** `_fields` projection of a record's fields; a parent path includes its children. */
export { projectFields } from './projection.js';
/** SQL for one keyset page of records, a count, a bulk delete, and the table name of an entity. */
export { compileCount, compileDelete, compileSelectPage, tableName } from './record-sql.js';
/** A SQL text with its positional parameters. */
export type { Sql } from './sql.js';
