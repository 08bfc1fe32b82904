import type { GroupDef, MailDef, PasswordPolicy } from './app-definition.js';
import type { CoerceContext } from './field-coerce.js';
import { isPlainObject, type Problems } from './problems.js';

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const POLICY_NUMBERS = ['minLength', 'maxLoginAttempts', 'expirationDays'] as const;
const POLICY_FLAGS = ['upper', 'lower', 'digit', 'symbol'] as const;

/** Allowed keys of a named list item and their types; a `?` suffix makes one optional. */
type KeySpec = Record<string, 'string' | 'string?' | 'boolean?' | 'object?'>;

/** Checks a list of `{name, …}` items: names valid and unique, keys known and typed. */
export function checkNamedList(raw: unknown, path: string, p: Problems, spec: KeySpec) {
  const out: ({ name: string } & Record<string, unknown>)[] = [];
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) {
    p.add(path, 'type', 'must be an array');
    return out;
  }
  const seen = new Set<string>();
  raw.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(item)) {
      p.add(at, 'type', 'must be an object');
      return;
    }
    for (const key of Object.keys(item)) {
      if (key !== 'name' && !Object.hasOwn(spec, key))
        p.add(`${at}.${key}`, 'unknownKey', `'${key}' is not allowed here`);
    }
    if (typeof item.name !== 'string' || !NAME.test(item.name)) {
      p.add(`${at}.name`, 'identifier', 'must be a name of letters, digits, _, . or - (no spaces)');
    } else if (seen.has(item.name)) p.add(`${at}.name`, 'duplicate', `the name '${item.name}' is used twice`);
    seen.add(String(item.name));
    for (const [key, type] of Object.entries(spec)) {
      const value = item[key];
      if (value === undefined && type.endsWith('?')) continue;
      const base = type.replace('?', '');
      const ok = base === 'object' ? isPlainObject(value) : typeof value === base && value !== '';
      if (!ok) p.add(`${at}.${key}`, 'type', `must be a${base === 'object' ? 'n' : ''} ${base}`);
    }
    out.push(item as { name: string } & Record<string, unknown>);
  });
  return out;
}

function checkPolicy(raw: Record<string, unknown>, at: string, p: Problems): PasswordPolicy {
  const policy: PasswordPolicy = {};
  for (const key of Object.keys(raw)) {
    const known =
      (POLICY_NUMBERS as readonly string[]).includes(key) ||
      (POLICY_FLAGS as readonly string[]).includes(key);
    if (!known) p.add(`${at}.${key}`, 'unknownKey', `'${key}' is not a password policy option`);
  }
  for (const key of POLICY_NUMBERS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (Number.isSafeInteger(v) && (v as number) >= 0) policy[key] = v as number;
    else p.add(`${at}.${key}`, 'type', 'must be a non-negative integer');
  }
  for (const key of POLICY_FLAGS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v === 'boolean') policy[key] = v;
    else p.add(`${at}.${key}`, 'type', 'must be a boolean');
  }
  return policy;
}

/** The checked groups and a coercion context that resolves groups by id, name or label. */
export interface GroupCheck {
  list: GroupDef[];
  coerce: CoerceContext;
}

/** Checks `groups`; ids, when given, must be unique too. */
export function checkGroups(raw: unknown, p: Problems): GroupCheck {
  const items = checkNamedList(raw, 'groups', p, {
    label: 'string?',
    id: 'string?',
    passwordPolicy: 'object?',
    mfaRequired: 'boolean?',
  });
  const ids = new Set<string>();
  const list = items.map((item, i): GroupDef => {
    const group: GroupDef = {
      name: item.name,
      label: typeof item.label === 'string' ? item.label : item.name,
    };
    if (typeof item.id === 'string') {
      if (ids.has(item.id)) p.add(`groups[${i}].id`, 'duplicate', `the id '${item.id}' is used twice`);
      ids.add(item.id);
      group.id = item.id;
    }
    if (item.mfaRequired === true) group.mfaRequired = true;
    if (isPlainObject(item.passwordPolicy))
      group.passwordPolicy = checkPolicy(item.passwordPolicy, `groups[${i}].passwordPolicy`, p);
    return group;
  });
  const resolveGroup = (key: string) =>
    (list.find((g) => g.id === key) ?? list.find((g) => g.name === key) ?? list.find((g) => g.label === key))
      ?.name ?? null;
  const coerce: CoerceContext = {
    resolveRelationship: () => null,
    resolveGroup,
    newId: () => '',
  };
  return { list, coerce };
}

/** Checks `mail`: a sender and optional welcome/reset/changed templates. */
export function checkMail(raw: unknown, p: Problems): MailDef | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    p.add('mail', 'type', 'must be an object');
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'from' && key !== 'templates')
      p.add(`mail.${key}`, 'unknownKey', `'${key}' is not a mail option`);
  }
  if (typeof raw.from !== 'string' || !raw.from.includes('@'))
    p.add('mail.from', 'invalid', 'must be a sender address');
  if (raw.templates === undefined) return { from: String(raw.from) };
  if (!isPlainObject(raw.templates)) {
    p.add('mail.templates', 'type', 'must be an object');
    return undefined;
  }
  for (const [name, t] of Object.entries(raw.templates)) {
    const at = `mail.templates.${name}`;
    if (!['welcome', 'reset', 'changed'].includes(name))
      p.add(at, 'unknownKey', 'templates are welcome, reset and changed');
    else if (!isPlainObject(t)) p.add(at, 'type', 'must be an object');
    else {
      for (const key of Object.keys(t))
        if (!['subject', 'text', 'html'].includes(key))
          p.add(`${at}.${key}`, 'unknownKey', `'${key}' is not a template part`);
      if (typeof t.subject !== 'string') p.add(`${at}.subject`, 'required', 'must be a string');
      if (typeof t.text !== 'string') p.add(`${at}.text`, 'required', 'must be a string');
      if (t.html !== undefined && typeof t.html !== 'string') p.add(`${at}.html`, 'type', 'must be a string');
    }
  }
  return { from: String(raw.from), templates: raw.templates as MailDef['templates'] };
}
