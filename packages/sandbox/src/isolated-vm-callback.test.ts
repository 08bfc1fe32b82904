import ivm from 'isolated-vm';
import { afterAll, describe, expect, it } from 'vitest';

// `patches/isolated-vm@5.0.4.patch` copies a callback's primitive arguments directly instead of
// through the structured-clone serializer (the bridge's hot path). Both ways must deliver the
// same values, including those a naive copy would change.
describe('isolated-vm callback arguments (patched copy)', () => {
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  const context = isolate.createContextSync();
  afterAll(() => isolate.dispose());

  const received: unknown[][] = [];
  context.global.setSync(
    'receive',
    new ivm.Callback((...args: unknown[]) => {
      received.push(args);
      return args.length;
    }),
  );
  const call = (argsSource: string) => {
    received.length = 0;
    const count = context.evalSync(`receive(${argsSource})`);
    expect(count).toBe(received[0]!.length);
    return received[0]!;
  };

  it('delivers strings as sent: two-byte, lone surrogates, long ones', () => {
    const long = 'x'.repeat(5000);
    const args = call(`'data.findById', '["items","ü✓"]', '\\ud800', '', 'x'.repeat(5000)`);
    expect(args).toEqual(['data.findById', '["items","ü✓"]', '\ud800', '', long]);
  });

  it('delivers numbers, bigints, booleans, null and undefined as sent', () => {
    const args = call('0, -0, 1.5, NaN, -Infinity, 2 ** 32, -7, 12n, true, false, null, undefined');
    expect(args).toEqual([0, -0, 1.5, Number.NaN, -Infinity, 2 ** 32, -7, 12n, true, false, null, undefined]);
    expect(Object.is(args[1], -0)).toBe(true);
  });

  it('still copies objects, and the primitives beside them', () => {
    const args = call(`'op', {a: [1, {b: 'c'}]}, 3`);
    expect(args).toEqual(['op', { a: [1, { b: 'c' }] }, 3]);
  });

  it('refuses what cannot be copied, as before: a function, and a symbol (a primitive the direct copy leaves to the serializer)', () => {
    received.length = 0;
    expect(() => context.evalSync('receive("op", () => 1)')).toThrow(/could not be cloned/);
    expect(() => context.evalSync('receive("op", Symbol("s"))')).toThrow(/could not be cloned/);
    expect(received).toEqual([]);
  });
});
