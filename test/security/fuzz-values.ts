import fc from 'fast-check';

/**
 * Hostile argument values for fuzzing, and their JavaScript source text (for script-side calls):
 * JSON of every shape, `__proto__`/`constructor` keys, huge strings, deep nesting, NaN, ±Infinity,
 * -0, undefined, Dates (also invalid ones), and values that look almost valid.
 */
export type Fuzz =
  | { t: 'json'; v: unknown }
  | { t: 'lit'; src: string; host: () => unknown }
  | { t: 'arr'; items: Fuzz[] }
  | { t: 'obj'; entries: [string, Fuzz][] };

const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'name',
  'employees',
  'type',
  'since',
  'addresses',
  'owner',
  'email',
  'firstName',
  'lastName',
  'status',
  'groups',
  'authentication',
  '_size',
  '_sortField',
  '_sortType',
  '_or',
  '_and',
  '_query',
  '_fields',
  '_offset',
  '_globalSearch',
  'owner.email',
  'owner.firstName',
  'owner.authentication',
  'match',
  'group',
  'by',
  'sort',
  'project',
  'count',
  'id',
  'version',
  'entity',
  'fields',
  'notifyUser',
  'newPassword',
  'currentPassword',
  'mode',
  'label',
  'thousandsSeparator',
  'limitNumberOfDecimals',
  'numberOfDecimals',
  'limitRuleType',
];
const NEAR = [
  'companies',
  'sys.users',
  'like(a)',
  'greater(5)',
  'between(1,2)',
  '2024-01-01',
  'ACTIVE',
  'Group1',
  'admins',
  'slack',
  'http',
  'a@b.c',
  'nope',
  '',
  ' ',
  '\u0000',
  "' OR 1=1 --",
  '$.x',
  'name.__proto__',
  'email',
  'firstName',
  'authentication.password',
  '"quoted phrase"',
  'NEAR(a b) OR c*',
  '^ acme:*',
  'MM/dd/yyyy HH:mm',
  "yyyy-MM-dd'T'HH:mm:ss.SSS Z",
  'America/Buenos_Aires',
  'US/Nowhere',
  'thousandsSeparator',
  'iiiii00000',
  'zz',
];

const literal = (src: string, host: () => unknown): Fuzz => ({ t: 'lit', src, host });

const leaf: fc.Arbitrary<Fuzz> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v): Fuzz => ({ t: 'json', v })),
  fc.constantFrom(...NEAR).map((v): Fuzz => ({ t: 'json', v })),
  fc.constantFrom(
    literal('NaN', () => Number.NaN),
    literal('Infinity', () => Number.POSITIVE_INFINITY),
    literal('-Infinity', () => Number.NEGATIVE_INFINITY),
    literal('-0', () => -0),
    literal('undefined', () => undefined),
    literal('new Date(0)', () => new Date(0)),
    literal('new Date(NaN)', () => new Date(Number.NaN)),
    literal("'x'.repeat(300000)", () => 'x'.repeat(300_000)),
    literal('(function () { var a = []; for (var i = 0; i < 200; i++) a = [a]; return a; })()', () => {
      let a: unknown[] = [];
      for (let i = 0; i < 200; i++) a = [a];
      return a;
    }),
    literal('Number.MAX_SAFE_INTEGER * 4', () => Number.MAX_SAFE_INTEGER * 4),
    literal('1e308', () => 1e308),
  ),
  fc.integer().map((v): Fuzz => ({ t: 'json', v })),
);

/** One hostile value. */
export const fuzzValue: fc.Arbitrary<Fuzz> = fc.letrec<{ value: Fuzz }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items): Fuzz => ({ t: 'arr', items })),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })), tie('value')), {
        maxLength: 5,
      })
      .map((entries): Fuzz => ({ t: 'obj', entries })),
  ),
})).value;

/** JavaScript source that builds the value inside a script (own `__proto__` keys included). */
export function toSource(f: Fuzz): string {
  switch (f.t) {
    case 'json':
      return f.v === undefined ? 'undefined' : `JSON.parse(${JSON.stringify(JSON.stringify(f.v))})`;
    case 'lit':
      return f.src;
    case 'arr':
      return `[${f.items.map(toSource).join(', ')}]`;
    case 'obj':
      return `(function () { var o = {}; ${f.entries
        .map(
          ([k, v]) =>
            `Object.defineProperty(o, ${JSON.stringify(k)}, { value: ${toSource(v)}, enumerable: true, writable: true, configurable: true });`,
        )
        .join(' ')} return o; })()`;
  }
}

/** The same value built on the host (own `__proto__` keys included). */
export function toHost(f: Fuzz): unknown {
  switch (f.t) {
    case 'json':
      return f.v === undefined ? undefined : JSON.parse(JSON.stringify(f.v));
    case 'lit':
      return f.host();
    case 'arr':
      return f.items.map(toHost);
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of f.entries) {
        Object.defineProperty(o, k, {
          value: toHost(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return o;
    }
  }
}
