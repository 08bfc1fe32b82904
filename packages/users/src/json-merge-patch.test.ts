import { describe, expect, it } from 'vitest';
import { jsonObjectArg, mergePatch } from './json-merge-patch.js';

// RFC 7396, Appendix A: every example, as [target, patch, result].
const RFC_EXAMPLES: [unknown, unknown, unknown][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [
    ['a', 'b'],
    ['c', 'd'],
    ['c', 'd'],
  ],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

describe('mergePatch (RFC 7396)', () => {
  it.each(RFC_EXAMPLES)('%j patched with %j is %j', (target, patch, result) => {
    const before = JSON.stringify(target);
    expect(mergePatch(target, patch)).toEqual(result);
    expect(JSON.stringify(target)).toBe(before); // the target is not changed
  });

  it('treats __proto__ in a patch as a plain key and pollutes no prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}');
    const out = mergePatch({}, patch) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(out))).toEqual(patch);
  });

  it('refuses patches nested deeper than the limit', () => {
    let deep: Record<string, unknown> = { v: 1 };
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => mergePatch({}, deep)).toThrow(/deeper than 32/);
  });

  it('checks metadata arguments: objects or null, and their size in bytes', () => {
    expect(jsonObjectArg('f', 'm', { a: 1 }, 100)).toEqual({ a: 1 });
    expect(jsonObjectArg('f', 'm', null, 100)).toBeNull();
    expect(() => jsonObjectArg('f', 'm', [1], 100)).toThrow(
      'f: m must be a JSON object or null, got an array',
    );
    expect(() => jsonObjectArg('f', 'm', { a: 'é'.repeat(60) }, 100)).toThrow(
      /is 128 bytes of JSON, more than the 100/,
    );
  });
});
