import { isForbiddenKey, type QueryMap } from '@warden/sys-api';
import { CURRENT_USER, type Rule } from './authz-model.js';

/** The values `$currentUser.<path>` may name: the user's fields plus `id`, `groups` and `roles`. */
export type UserValues = Record<string, unknown>;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** The paths of every placeholder a condition uses. */
export function placeholders(cond: unknown, out: string[] = []): string[] {
  if (typeof cond === 'string') for (const m of cond.matchAll(CURRENT_USER)) out.push(m[1]!);
  else if (Array.isArray(cond)) for (const v of cond) placeholders(v, out);
  else if (isPlain(cond)) for (const v of Object.values(cond)) placeholders(v, out);
  return out;
}

function valueAt(user: UserValues, path: string): unknown {
  let v: unknown = user;
  for (const part of path.split('.')) {
    if (!isPlain(v) || isForbiddenKey(part) || !Object.hasOwn(v, part)) return undefined;
    v = v[part];
  }
  return v;
}

/** A user value as query-map text: relationships by id, lists as a comma list (OR), quoted items. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    const items = v.map(asText).filter((x): x is string => x !== null);
    return items.length ? items.map((x) => (x.includes(',') ? `"${x}"` : x)).join(',') : null;
  }
  if (isPlain(v)) return typeof v.id === 'string' ? v.id : typeof v.group === 'string' ? v.group : null;
  return String(v);
}

/** Thrown inside substitution when a placeholder has no value: the condition matches nothing. */
class NoValue extends Error {}

function substitute(value: unknown, user: UserValues): unknown {
  if (typeof value === 'string') {
    const whole = /^\$currentUser\.([A-Za-z0-9_.]+)$/.exec(value);
    if (whole) {
      const v = valueAt(user, whole[1]!);
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      const text = asText(v);
      if (text === null) throw new NoValue();
      return text;
    }
    return value.replace(CURRENT_USER, (_m, path: string) => {
      const text = asText(valueAt(user, path));
      if (text === null) throw new NoValue();
      return text;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, user));
  if (isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, user);
    return out;
  }
  return value;
}

/**
 * A rule with the user's values in place of its placeholders. A condition naming a value the
 * user does not have (an empty field) matches no record: `never`.
 */
export function bindRule(rule: Rule, user: UserValues): Rule {
  if (rule === 'always' || rule === 'never') return rule;
  try {
    return substitute(rule, user) as QueryMap;
  } catch (error) {
    if (error instanceof NoValue) return 'never';
    throw error;
  }
}

/** The union of several grants' rules: `always` wins, `never`s drop out, conditions are ORed. */
export function unionRules(rules: Rule[]): Rule {
  if (rules.includes('always')) return 'always';
  const conds = rules.filter((r): r is QueryMap => r !== 'never');
  if (conds.length === 0) return 'never';
  return conds.length === 1 ? conds[0]! : { _or: conds };
}

/** Both rules: the access rule takes precedence over edit, delete and history (Slingr). */
export function bothRules(a: Rule, b: Rule): Rule {
  if (a === 'never' || b === 'never') return 'never';
  if (a === 'always') return b;
  if (b === 'always') return a;
  return { _and: [a, b] };
}
