import { and, type Cond, or } from './query-ast.js';

type Token =
  | { type: 'name'; text: string; pos: number }
  | { type: 'string'; text: string; pos: number }
  | { type: '(' | ')' | ','; pos: number }
  | { type: 'end'; pos: number };

function tokenize(text: string, fail: (problem: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i++;
    else if (c === '(' || c === ')' || c === ',') tokens.push({ type: c, pos: i++ });
    else if (/[A-Za-z]/.test(c)) {
      const start = i;
      while (i < text.length && /[A-Za-z]/.test(text[i] as string)) i++;
      tokens.push({ type: 'name', text: text.slice(start, i), pos: start });
    } else if (c === "'" || c === '"') {
      const start = i++;
      let value = '';
      while (text[i] !== c) {
        if (i >= text.length) fail(`unterminated string starting at position ${start}`);
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
      tokens.push({ type: 'string', text: value, pos: start });
    } else fail(`unexpected character '${c}' at position ${i}`);
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

/**
 * Parses the complex string syntax `and(...)`, `or(...)`, `filter('field','operator value')`,
 * e.g. `or(filter('type','a'),and(filter('type','b'),filter('isCustomer','true')))`.
 * Quotes may be single or double; a backslash escapes the next character.
 */
export function parseComplexQuery(
  text: string,
  onFilter: (field: string, value: string) => Cond,
  error: (problem: string) => Error,
): Cond {
  const fail = (problem: string): never => {
    throw error(problem);
  };
  const tokens = tokenize(text, fail);
  let at = 0;
  const peek = () => tokens[at] as Token;
  const describe = (t: Token) =>
    t.type === 'end'
      ? 'end of input'
      : t.type === 'name' || t.type === 'string'
        ? `'${t.text}'`
        : `'${t.type}'`;
  const expect = (type: Token['type'], what: string): Token => {
    const t = peek();
    if (t.type !== type) fail(`expected ${what} at position ${t.pos}, got ${describe(t)}`);
    at++;
    return t;
  };

  function node(): Cond {
    const name = expect('name', "'and', 'or' or 'filter'") as Extract<Token, { type: 'name' }>;
    if (name.text !== 'and' && name.text !== 'or' && name.text !== 'filter') {
      fail(`unknown function '${name.text}' at position ${name.pos}`);
    }
    expect('(', "'('");
    if (name.text === 'filter') {
      const field = expect('string', 'a quoted field name') as Extract<Token, { type: 'string' }>;
      if (field.text.startsWith('_')) fail(`filter field must be a field path at position ${field.pos}`);
      expect(',', "','");
      const value = expect('string', 'a quoted value') as Extract<Token, { type: 'string' }>;
      expect(')', "')'");
      return onFilter(field.text, value.text);
    }
    const items = [node()];
    while (peek().type === ',') {
      at++;
      items.push(node());
    }
    expect(')', "',' or ')'");
    return name.text === 'and' ? and(items) : or(items);
  }

  const result = node();
  expect('end', 'end of input');
  return result;
}
