/** Parameters of one PostgreSQL statement: `add` answers the `$n` placeholder of a value. */
export interface PgParams {
  readonly values: unknown[];
  add(value: unknown): string;
}

export function pgParams(): PgParams {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** A double-quoted identifier. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * A JSON path as a text-array literal (`'{a,b}'`) for `#>` and `#>>`, inline so that expression
 * indexes match. Segments were checked against the schema; each is quoted inside the array.
 */
export function pgPath(segments: readonly string[]): string {
  const inner = segments.map((s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',');
  return `'{${inner.replaceAll("'", "''")}}'`;
}

/** The jsonb value at a path of `root`, and its text (`#>>`): NULL when missing. */
export const jsonAt = (root: string, path: readonly string[]): string =>
  path.length === 0 ? root : `(${root} #> ${pgPath(path)})`;
export const textAt = (root: string, path: readonly string[]): string =>
  path.length === 0 ? `(${root} #>> '{}')` : `(${root} #>> ${pgPath(path)})`;
