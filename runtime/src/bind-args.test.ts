import { isWardenError } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { assertSafeKeys } from './bind-args.js';

// Arguments reach the host as JSON text; JSON.parse keeps `__proto__` as an own key.
const parsed = (json: string) => JSON.parse(json) as unknown;

const refusal = (value: unknown) => {
  try {
    assertSafeKeys('data.save', value);
  } catch (error) {
    if (isWardenError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return null;
};

describe('assertSafeKeys', () => {
  it('refuses each prototype key, at the top, in nested objects and in objects inside arrays', () => {
    expect(refusal(parsed('[{"__proto__": {"isAdmin": true}}]'))).toBe(
      "badRequest: data.save: the key '__proto__' is not allowed",
    );
    expect(refusal(parsed('[{"fields": {"a": {"constructor": 1}}}]'))).toBe(
      "badRequest: data.save: the key 'constructor' is not allowed",
    );
    expect(refusal(parsed('[null, [[{"x": 1}, {"prototype": {}}]]]'))).toBe(
      "badRequest: data.save: the key 'prototype' is not allowed",
    );
  });

  it('accepts those names as values and any other key', () => {
    const ok = parsed(
      '[{"entity": "__proto__", "fields": {"tags": ["constructor", "prototype"], "proto": 1}}, null]',
    );
    expect(refusal(ok)).toBeNull();
  });

  it('refuses arguments nested deeper than 64 levels, without walking them all', () => {
    const deep = parsed(`${'['.repeat(70)}1${']'.repeat(70)}`);
    expect(refusal(deep)).toBe('badRequest: data.save: arguments are nested too deeply');
    expect(refusal(parsed(`${'['.repeat(60)}1${']'.repeat(60)}`))).toBeNull();
  });
});
