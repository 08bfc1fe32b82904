import { describe, expect, it } from 'vitest';
import { checkDeleteOptions, checkSaveOptions } from './data-options.js';

const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; message: string };
    return `${e.code}: ${e.message}`;
  }
  return 'accepted';
};

describe('sys.data option checks', () => {
  it('pass the store only what it honours, and lockRecord apart', () => {
    const opts = { mode: 'standard', performValidations: false, defaultValues: true, lockRecord: true };
    expect(checkSaveOptions({ ...opts, cascadeOperations: false, calculateFields: true }, false)).toEqual({
      store: { mode: 'standard', performValidations: false, defaultValues: true, calculateFields: true },
      lockRecord: true,
    });
    expect(checkSaveOptions(null, false)).toEqual({ store: {}, lockRecord: false });
    expect(checkDeleteOptions({ triggerEvents: true, lowPriority: false }, false)).toEqual({
      triggerEvents: true,
    });
  });

  it('refuse quiet writes with forbidden unless granted', () => {
    expect(fails(() => checkSaveOptions({ triggerEvents: false }, false))).toMatch(
      /^forbidden: sys\.data\.save: options\.triggerEvents false asks for a quiet write/,
    );
    expect(fails(() => checkSaveOptions({ mode: 'lite' }, false))).toMatch(
      /^forbidden: sys\.data\.save: options\.mode 'lite'/,
    );
    expect(fails(() => checkDeleteOptions({ triggerEvents: false }, false))).toMatch(
      /^forbidden: sys\.data\.delete/,
    );
    expect(checkSaveOptions({ mode: 'lite', triggerEvents: false }, true).store).toEqual({
      mode: 'lite',
      triggerEvents: false,
    });
    expect(checkDeleteOptions({ triggerEvents: false }, true)).toEqual({ triggerEvents: false });
  });

  it('filterByReadWriteAccess: honoured; false is forbidden under access rules', () => {
    expect(checkSaveOptions({ filterByReadWriteAccess: true }, false, true).store).toEqual({});
    expect(checkSaveOptions({ filterByReadWriteAccess: false }, false, false).store).toEqual({});
    expect(() => checkSaveOptions({ filterByReadWriteAccess: false }, false, true)).toThrow(
      /forbidden|read-only and hidden fields/,
    );
  });

  it.each([
    [() => checkSaveOptions({ mode: 'raw' }, true), "options.mode must be 'standard' or 'lite', got 'raw'"],
    [() => checkSaveOptions({ filterByReadWriteAccess: 'no' }, true), 'must be true or false'],
    [
      () => checkSaveOptions({ cascadeOperations: true }, true),
      'options.cascadeOperations true is not supported',
    ],
    [() => checkSaveOptions({ __proto__x: 1 }, true), 'options.__proto__x is not an option of sys.data.save'],
    [() => checkSaveOptions([], true), 'sys.data.save: options must be an object, got object'],
    [() => checkDeleteOptions({ lowPriority: true }, true), 'options.lowPriority true is not supported'],
    [() => checkDeleteOptions({ performValidations: true }, true), 'is not an option of sys.data.delete'],
  ])('refuse what Warden cannot honour with badRequest (%#)', (fn, message) => {
    const result = fails(fn);
    expect(result).toMatch(/^badRequest: sys\.data\.(save|delete): /);
    expect(result).toContain(message);
  });
});
