/**
 * A tiny logic-less template language: `{{path.to.value}}` inserts a value, and
 * `{{#path}}…{{/path}}` keeps its content only when the value is present. Values are looked up
 * as own properties of plain data and are never evaluated; unknown paths render as ''.
 */

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'value'; path: string[] }
  | { kind: 'section'; path: string[]; children: Node[] };

/** A parsed template, ready to render many times. */
export type CompiledTemplate = readonly Node[];

const TAG = /\{\{([^{}]*)\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Parses a template; throws a plain Error whose message says what is malformed. */
export function compileTemplate(source: string): CompiledTemplate {
  const root: Node[] = [];
  const open: { name: string; children: Node[] }[] = [];
  let children = root;
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    pushText(children, source.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = match[1]!.trim();
    const sigil = tag[0] === '#' || tag[0] === '/' ? tag[0] : '';
    const name = tag.slice(sigil.length).trim();
    if (!PATH.test(name)) throw new Error(`'${match[0]}' is not a placeholder name like {{user.email}}`);
    if (sigil === '#') {
      const section: Node = { kind: 'section', path: name.split('.'), children: [] };
      children.push(section);
      open.push({ name, children });
      children = section.children;
    } else if (sigil === '/') {
      const top = open.pop();
      if (top?.name !== name) throw new Error(`'{{/${name}}}' closes no open '{{#${name}}}'`);
      children = top.children;
    } else {
      children.push({ kind: 'value', path: name.split('.') });
    }
  }
  pushText(children, source.slice(last));
  const unclosed = open.pop();
  if (unclosed) throw new Error(`'{{#${unclosed.name}}}' is never closed`);
  return root;
}

function pushText(into: Node[], text: string): void {
  if (text.includes('{{') || text.includes('}}'))
    throw new Error(`unbalanced braces near '${text.slice(0, 30)}'`);
  if (text) into.push({ kind: 'text', value: text });
}

/** Renders with `encode` applied to every inserted value (identity for text, HTML escaping for HTML). */
export function renderTemplate(
  template: CompiledTemplate,
  data: Record<string, unknown>,
  encode: (value: string) => string = (value) => value,
): string {
  let out = '';
  for (const node of template) {
    if (node.kind === 'text') out += node.value;
    else if (node.kind === 'value') out += encode(formatValue(lookup(data, node.path)));
    else if (isPresent(lookup(data, node.path))) out += renderTemplate(node.children, data, encode);
  }
  return out;
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function lookup(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    // Own properties of plain data only: {{constructor.name}} must not reach a prototype.
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  return '';
}

function isPresent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== false && value !== '' && value !== 0;
}
