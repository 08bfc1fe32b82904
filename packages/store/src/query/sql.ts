/** A SQL text with its positional `?` parameters, in order. */
export interface Sql {
  text: string;
  params: unknown[];
}

function isSql(value: unknown): value is Sql {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Sql).text === 'string' &&
    Array.isArray((value as Sql).params)
  );
}

/**
 * Tagged template: interpolated `Sql` fragments are spliced in with their parameters, every other
 * interpolated value becomes a bound `?` parameter. So user text can never reach the SQL text.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (isSql(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, params };
}

/** Trusted SQL text without parameters (identifiers and keywords the compiler chose). */
export const raw = (text: string): Sql => ({ text, params: [] });

/** Joins fragments with a separator, keeping parameter order. */
export function join(parts: Sql[], separator: string): Sql {
  return {
    text: parts.map((p) => p.text).join(separator),
    params: parts.flatMap((p) => p.params),
  };
}

/** Double-quotes an identifier (table names come from `tableName`, but quote anyway). */
export function quoteIdent(name: string): Sql {
  return raw(`"${name.replaceAll('"', '""')}"`);
}

const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A JSON path as a SQL string literal (`'$.a.b'`), inline so that expression indexes match.
 * Segments were validated against the schema; unusual names are quoted, never passed raw.
 */
export function jsonPath(segments: string[]): Sql {
  const path = segments
    .map((s) => (PLAIN_SEGMENT.test(s) ? `.${s}` : `."${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`))
    .join('');
  return raw(`'$${path.replaceAll("'", "''")}'`);
}
