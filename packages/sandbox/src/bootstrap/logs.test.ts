import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.dispose());

describe('sys.logs and log()', () => {
  it('each level logs a string', () => {
    h.value(
      `sys.logs.info('i'); sys.logs.warn('w'); sys.logs.error('e'); sys.logs.debug('d'); log('plain');`,
    );
    expect(h.logs).toEqual([
      { level: 'INFO', message: 'i' },
      { level: 'WARN', message: 'w' },
      { level: 'ERROR', message: 'e' },
      { level: 'DEBUG', message: 'd' },
      { level: 'INFO', message: 'plain' },
    ]);
  });

  it('normalizes values inside the isolate: objects as JSON, records as toJson, others with String()', () => {
    h.value(`
      log({a: 1}); log(42); log(null); log(undefined); log(Symbol('s')); log(10n);
      log(sys.data.createRecord('companies'));
      log({toString() { return 'custom'; }}, 'two');
      const cyclic = {}; cyclic.self = cyclic; log(cyclic);
      log({[Symbol.toPrimitive]() { throw new Error('boom'); }, toJSON() { throw new Error('boom'); }});`);
    expect(h.logs.map((l) => l.message)).toEqual([
      '{"a":1}',
      '42',
      'null',
      'undefined',
      'Symbol(s)',
      '10',
      '{"id":null,"version":0,"label":null,"entity":"companies"}',
      '{} two',
      'object',
      'object',
    ]);
    expect(h.logs.every((l) => typeof l.message === 'string')).toBe(true);
  });

  it('an exception argument appends its code, message and user stack', () => {
    h.value(`
      try { sys.data.findById('companies', 1); } catch (e) { sys.logs.warn('failed: ' + sys.exceptions.getMessage(e), e); }
      try { null.x; } catch (e) { sys.logs.error('js', e); }`);
    const [warn, error] = h.logs;
    expect(warn!.message.split('\n').slice(0, 2)).toEqual([
      'failed: sys.data.findById: id must be a non-empty string, got number 1',
      'badRequest: sys.data.findById: id must be a non-empty string, got number 1',
    ]);
    expect(warn!.message).toContain('file:///script.js:2');
    expect(error!.message).toMatch(
      /^js\nTypeError: Cannot read properties of null \(reading 'x'\)\n {4}at file:\/\/\/script\.js:3/,
    );
  });
});
