import { show } from './query-error.js';

export const OPERATORS = [
  'equals',
  'notEquals',
  'like',
  'between',
  'greater',
  'greaterOrEquals',
  'less',
  'lessOrEquals',
  'empty',
  'notEmpty',
] as const;

export type OperatorName = (typeof OPERATORS)[number];

/** One operator applied to its raw (not yet coerced) arguments. */
export interface OperatorCall {
  op: OperatorName;
  args: unknown[];
}

const KNOWN = new Set<string>(OPERATORS);
const UNSUPPORTED = new Set(['near']);
const CALL = /^([A-Za-z]+)\(/;

/**
 * Splits `a,"b, c",d` on commas outside double quotes. A quoted value may hold `""` for a quote.
 * Throws a problem text when a quote is left open or followed by something other than a comma.
 */
export function splitValues(text: string): string[] {
  const values: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated quote in ${show(text)}`);
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else value += text[i++];
      }
      if (i < text.length && text[i] !== ',')
        throw new Error(`expected ',' after a quoted value at position ${i}`);
      values.push(value);
    } else {
      const end = text.indexOf(',', i);
      values.push(text.slice(i, end === -1 ? text.length : end));
      i = end === -1 ? text.length : end;
    }
    if (i >= text.length) return values;
    i++; // the comma
  }
}

function parseCall(op: OperatorName, inner: string): OperatorCall {
  if (op === 'empty' || op === 'notEmpty') {
    if (inner.trim() !== '') throw new Error(`${op}() takes no arguments`);
    return { op, args: [] };
  }
  // A whole `/regexp/` is one argument even when it holds commas.
  if (op === 'like' && inner.length >= 2 && inner.startsWith('/') && inner.endsWith('/'))
    return { op, args: [inner] };
  const args = splitValues(inner);
  const arity = op === 'between' ? 2 : op === 'equals' || op === 'notEquals' || op === 'like' ? 0 : 1;
  if (arity !== 0 && args.length !== arity) {
    throw new Error(`${op}() takes ${arity} value${arity > 1 ? 's' : ''}, got ${args.length}`);
  }
  return { op, args };
}

/**
 * Reads a query-map value: an operator string (`greater(5)`, `like(/acme)`, `empty()`), a literal
 * string where commas mean OR, a number or boolean (equals), null (empty) or an array (any of).
 * Throws a plain Error whose message is the problem; the caller names the key.
 */
export function parseOperator(value: unknown): OperatorCall {
  if (value === null || value === undefined) return { op: 'empty', args: [] };
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return { op: 'equals', args: [value] };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new Error('an array of values must not be empty');
    for (const v of value) {
      if (v === null || (typeof v === 'object' && !(v instanceof Date) && !('id' in v))) {
        throw new Error(`array items must be plain values, got ${show(v)}`);
      }
    }
    return { op: 'equals', args: value };
  }
  if (typeof value !== 'string')
    throw new Error(`expected a value or an operator string, got ${show(value)}`);
  const m = CALL.exec(value);
  const name = m?.[1] ?? '';
  if (KNOWN.has(name)) {
    if (!value.endsWith(')')) throw new Error(`malformed operator ${show(value)}: missing ')'`);
    return parseCall(name as OperatorName, value.slice(name.length + 1, -1));
  }
  if (UNSUPPORTED.has(name)) throw new Error(`operator '${name}' is not supported`);
  return { op: 'equals', args: splitValues(value) };
}
