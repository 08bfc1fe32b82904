import type { FieldSchema } from '@warden/sys-api';
import type { ResolvedPath, Scope } from './field-path.js';
import type { OperatorCall, OperatorName } from './operator-parser.js';
import { type Cond, not, or, type SqlValue, type Test, type TestOp, type ValueRef } from './query-ast.js';
import { queryError } from './query-error.js';
import { CoercionProblem, coerceValue } from './value-coercer.js';

const TEXT_LIKE = new Set(['text', 'longText', 'email', 'choice', 'group', 'url', 'rank']);
const ORDERED = new Set(['integer', 'decimal', 'money', 'date', 'dateTime', 'time']);
const PRESENCE: OperatorName[] = ['empty', 'notEmpty'];
const EQUALITY: OperatorName[] = ['equals', 'notEquals', ...PRESENCE];
const RANGE: OperatorName[] = [...EQUALITY, 'between', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals'];

/** Which operators a field type supports: everything on text, ranges on numbers and dates. */
function allowedOperators(field: FieldSchema): OperatorName[] {
  if (TEXT_LIKE.has(field.type)) return [...RANGE, 'like'];
  if (ORDERED.has(field.type)) return RANGE;
  if (field.type === 'boolean' || field.type === 'relationship') return EQUALITY;
  return PRESENCE;
}

const RANGE_OPS: Partial<Record<OperatorName, TestOp>> = {
  greater: 'gt',
  greaterOrEquals: 'ge',
  less: 'lt',
  lessOrEquals: 'le',
  between: 'between',
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Wraps a test on the value in one `each` per multi-valued hop: true when any element matches. */
export function anyElement(scope: Scope, resolved: ResolvedPath, cond: Cond): Cond {
  let result = cond;
  for (let i = resolved.arrays.length - 1; i >= 0; i--) {
    result = {
      kind: 'each',
      array: { depth: scope.depth + i, path: resolved.arrays[i] as string[] },
      cond: result,
    };
  }
  return result;
}

function valueRef(scope: Scope, resolved: ResolvedPath, forComparison: boolean): ValueRef {
  if (resolved.column) return { kind: 'column', column: resolved.column };
  const path =
    forComparison && resolved.field.type === 'relationship' ? [...resolved.leaf, 'id'] : resolved.leaf;
  return { kind: 'json', depth: scope.depth + resolved.arrays.length, path };
}

/** like: `/x` starts with, `x/` ends with, `/re/` regexp, otherwise contains; case-insensitive. */
function likeTest(ref: ValueRef, arg: string, fail: (p: string) => never): Test {
  if (arg.length >= 2 && arg.startsWith('/') && arg.endsWith('/')) {
    const pattern = arg.slice(1, -1);
    try {
      new RegExp(pattern, 'i');
    } catch {
      fail(`invalid regular expression ${JSON.stringify(pattern)}`);
    }
    return { kind: 'test', ref, op: 'regexp', values: [pattern] };
  }
  const starts = arg.length > 1 && arg.startsWith('/');
  const ends = !starts && arg.length > 1 && arg.endsWith('/');
  const text = starts ? arg.slice(1) : ends ? arg.slice(0, -1) : arg;
  // SQLite's LIKE folds ASCII case only; non-ASCII text goes through the case-insensitive regexp().
  if ([...text].some((ch) => ch.charCodeAt(0) > 0x7f)) {
    const body = escapeRegExp(text);
    return { kind: 'test', ref, op: 'regexp', values: [starts ? `^${body}` : ends ? `${body}$` : body] };
  }
  const pattern = `${starts ? '' : '%'}${escapeLike(text)}${ends ? '' : '%'}`;
  return { kind: 'test', ref, op: 'like', values: [pattern] };
}

/** Builds the condition of one field key from its parsed operator, checking type support. */
export function fieldCondition(scope: Scope, path: string, resolved: ResolvedPath, call: OperatorCall): Cond {
  const key = scope.keyPrefix + path;
  const fail = (problem: string): never => {
    throw queryError(scope.entity, key, problem);
  };
  const { field } = resolved;
  if (!allowedOperators(field).includes(call.op)) {
    fail(`operator '${call.op}' is not supported on ${field.type} fields`);
  }
  const coerce = (raw: unknown): SqlValue => {
    try {
      return coerceValue(field, raw);
    } catch (e) {
      return fail(e instanceof CoercionProblem ? e.message : String(e));
    }
  };
  const ref = valueRef(scope, resolved, true);
  const lower = field.type === 'email' && call.op !== 'like';
  const test = (op: TestOp, values: SqlValue[]): Test => ({
    kind: 'test',
    ref,
    op,
    values,
    ...(lower ? { lower } : {}),
  });
  const any = (cond: Cond) => anyElement(scope, resolved, cond);
  const present = () =>
    any({ kind: 'test', ref: valueRef(scope, resolved, false), op: 'notNull', values: [] });
  switch (call.op) {
    case 'equals':
      return any(test('in', call.args.map(coerce)));
    case 'notEquals':
      return not(any(test('in', call.args.map(coerce))));
    case 'like':
      return any(or(call.args.map((a) => likeTest(ref, typeof a === 'string' ? a : String(a), fail))));
    case 'empty':
      return not(present());
    case 'notEmpty':
      return present();
    default:
      return any(test(RANGE_OPS[call.op] as TestOp, call.args.map(coerce)));
  }
}
