import { describe, expect, it } from 'vitest';
import { compileAggregate, tableName } from './index.js';
import { app } from './test-fixture.js';

function expectBad(pipeline: unknown, ...fragments: string[]) {
  expect(() => compileAggregate(app, 'companies', pipeline as unknown[], tableName)).toThrow();
  try {
    compileAggregate(app, 'companies', pipeline as unknown[], tableName);
  } catch (e) {
    expect((e as { code: string }).code).toBe('badRequest');
    for (const f of fragments) expect((e as Error).message).toContain(f);
  }
}

describe('aggregate errors name the stage', () => {
  it('rejects malformed pipelines and stages', () => {
    expectBad('x', 'pipeline must be an array');
    expectBad([{ nope: 1 }], 'stage 0 must be an object with one key');
    expectBad([{ match: {}, sort: {} }], 'stage 0');
    expectBad([{ match: { nope: 1 } }], 'stage 0 (match)', "unknown field 'nope'");
    expectBad(
      [{ match: {} }, { group: { total: 'sum(name)' } }],
      'stage 1 (group)',
      'sum() needs a number field',
    );
    expectBad([{ group: { x: 'median(employees)' } }], 'stage 0 (group)', "accumulator 'x' must be");
    expectBad([{ group: { by: 'type', type: 'count()' } }], 'clashes');
    expectBad(
      [{ group: { by: 'type' } }, { match: { name: 'x' } }],
      'stage 1 (match)',
      "unknown field 'name'",
    );
    expectBad([{ sort: { name: 'up' } }], 'stage 0 (sort)', "'asc' or 'desc'");
    expectBad([{ sort: { tags: 'asc' } }], 'cannot sort');
    expectBad([{ project: '' }], 'stage 0 (project)');
    expectBad([{ count: 'a b' }], 'stage 0 (count)', 'plain identifier');
    expectBad([{ count: '__proto__' }], 'plain identifier');
    expectBad([{ skip: -1 }], 'stage 0 (skip)');
    expectBad([{ limit: 'x' }], 'stage 0 (limit)');
    expectBad([{ unwind: { fieldPath: 'name' } }], 'stage 0 (unwind)', 'not a multi-valued field');
    expectBad(
      [{ lookup: { localFieldPath: 'id', foreignFieldPath: 'company', foreignEntityName: 'nope', as: 'x' } }],
      'stage 0 (lookup)',
      'unknown foreignEntityName',
    );
    expectBad(
      [
        {
          lookup: { localFieldPath: 'id', foreignFieldPath: 'nope', foreignEntityName: 'contacts', as: 'x' },
        },
      ],
      "unknown field 'nope'",
    );
    expect(() => compileAggregate(app, 'nope', [], tableName)).toThrow(/unknown entity "nope"/);
  });
});
