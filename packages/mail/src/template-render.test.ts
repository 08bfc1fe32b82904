import { describe, expect, it } from 'vitest';
import { compileTemplate, escapeHtml, renderTemplate } from './template-render.js';

const render = (source: string, data: Record<string, unknown>, html = false) =>
  renderTemplate(compileTemplate(source), data, html ? escapeHtml : undefined);

describe('template rendering', () => {
  it('inserts values by path and leaves unknown placeholders empty', () => {
    expect(
      render('Hi {{ firstName }} <{{user.email}}> [{{nope}}] [{{user.nope.deeper}}]', {
        firstName: 'Ada',
        user: { email: 'ada@example.com' },
      }),
    ).toBe('Hi Ada <ada@example.com> [] []');
  });

  it('renders numbers and booleans, and nothing for objects, arrays, null or NaN', () => {
    expect(
      render('{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}', {
        a: 15,
        b: false,
        c: { x: 1 },
        d: [1],
        e: null,
        f: Number.NaN,
      }),
    ).toBe('15|false||||');
  });

  it('keeps a section only when its value is present', () => {
    const source = 'A{{#password}} pw={{password}}{{/password}}{{#code}} code{{/code}}.';
    expect(render(source, { password: 's3cret' })).toBe('A pw=s3cret.');
    expect(render(source, { password: '', code: 0 })).toBe('A.');
  });

  it('never reads through prototypes', () => {
    expect(render('[{{constructor.name}}][{{toString}}][{{user.__proto__}}]', { user: {} })).toBe('[][][]');
  });

  it('never evaluates or re-expands inserted values', () => {
    const data = { firstName: '{{secret}}', secret: 'leak', expr: '{{#secret}}open{{/secret}}' };
    expect(render('{{firstName}} {{expr}}', data)).toBe('{{secret}} {{#secret}}open{{/secret}}');
  });

  it('escapes values, not the template, in HTML', () => {
    const out = render(
      '<a href="{{link}}">{{firstName}}</a>',
      {
        link: 'https://x.test/?a=1&b="2"',
        firstName: `<script>alert('x')</script>`,
      },
      true,
    );
    expect(out).toBe(
      '<a href="https://x.test/?a=1&#38;b=&#34;2&#34;">&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;</a>',
    );
  });

  it.each([
    ['{{first name}}', 'is not a placeholder name'],
    ['{{user..email}}', 'is not a placeholder name'],
    ['Hello {{name', 'unbalanced braces'],
    ['Hello name}}', 'unbalanced braces'],
    ['{{#a}}x', "'{{#a}}' is never closed"],
    ['{{#a}}x{{/b}}', "'{{/b}}' closes no open '{{#b}}'"],
    ['x{{/a}}', 'closes no open'],
  ])('rejects %j', (source, message) => {
    expect(() => compileTemplate(source)).toThrow(message);
  });
});
