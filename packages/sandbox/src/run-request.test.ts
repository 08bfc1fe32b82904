import { describe, expect, it } from 'vitest';
import { createExecutor } from './executor.js';
import { argNames, checkRunRequest, runJson } from './run-request.js';

const record = { entity: 'tasks', id: '1', version: 1, label: null, fields: {} };

describe('run requests', () => {
  it('turns params then records into the script variables and the bootstrap run JSON', () => {
    const req = checkRunRequest({
      source: 'return a',
      params: { a: 1, b: null },
      records: { record },
      entity: 'tasks',
    });
    expect(argNames(req)).toEqual(['a', 'b', 'record']);
    expect(JSON.parse(runJson(req, 4096))).toEqual({
      entity: 'tasks',
      args: [
        { kind: 'value', value: 1 },
        { kind: 'value', value: null },
        { kind: 'record', value: record },
      ],
      saveBatch: 4096,
    });
    expect(JSON.parse(runJson(req)).saveBatch).toBe(0);
  });

  it('names the record variables to answer back when asked to return records', () => {
    const req = checkRunRequest({
      source: 'x',
      params: { a: 1 },
      records: { record },
      returnRecords: true,
      depth: 2,
      grants: ['quietWrites'],
    });
    expect(req).toMatchObject({ returnRecords: true, depth: 2, grants: ['quietWrites'] });
    expect(JSON.parse(runJson(req)).returnRecords).toEqual(['record']);
  });

  it.each([
    [{ source: 'x', returnRecords: 'yes' }, 'run: returnRecords must be a boolean, got "yes"'],
    [{ source: 'x', depth: -1 }, 'run: depth must be an integer from 0 to 1000, got -1'],
    [
      { source: 'x', grants: 'quietWrites' },
      'run: grants must be an array of at most 32 names, got "quietWrites"',
    ],
    [
      { source: 'x', grants: ['quiet writes'] },
      'run: grants must hold names of letters and digits, got "quiet writes"',
    ],
    [{ source: 'x', params: { class: 1 } }, 'run: params key "class" is not a usable variable name'],
    [{ source: 'x', params: { sys: 1 } }, 'run: params key "sys" is not a usable variable name'],
    [
      { source: 'x', params: JSON.parse('{"__proto__": 1}') },
      'run: params key "__proto__" is not a usable variable name',
    ],
    [
      { source: 'x', params: { a: 1 }, records: { a: record } },
      'run: records key "a" is also given in params',
    ],
    [{ source: 'x', params: [1] }, 'run: params must be an object, got an array'],
    [
      { source: 'x', records: { r: { id: '1' } } },
      'run: records.r must be a record with an entity, got object',
    ],
    [{ source: 'x', entity: 3 }, 'run: entity must be a non-empty string, got 3'],
    [
      { source: 'x', limits: { seconds: 3 } },
      'run: limits.seconds is not a limit (known: wallMs, cpuMs, memoryMb, maxHostCalls, maxArgBytes, maxResultBytes, maxLogBytes, maxOpenCursors, maxHostBytes)',
    ],
    [{ source: 'x', limits: { memoryMb: 4 } }, 'run: limits.memoryMb must be at least 8, got 4'],
    [
      { source: 'x', limits: { wallMs: Number.NaN } },
      'run: limits.wallMs must be a positive number, got NaN',
    ],
    [null, 'run: request must be an object, got null'],
  ])('rejects %j', (req, message) => {
    expect(() => checkRunRequest(req)).toThrow(expect.objectContaining({ code: 'badRequest', message }));
  });
});

describe('executor options', () => {
  const host = { module: '/abs/host.js', config: null };
  it.each([
    [{ workers: 0, host }, 'createExecutor: workers must be an integer from 1 to 64, got 0'],
    [
      { workers: 1, host: { module: 'rel/host.js', config: null } },
      'createExecutor: host.module must be an absolute path, got "rel/host.js"',
    ],
    [
      { workers: 1, host, recycle: { maxRuns: 0 } },
      'createExecutor: recycle.maxRuns must be a positive integer, got 0',
    ],
    [
      { workers: 1, host, recycle: { heapRatio: 2 } },
      'createExecutor: recycle.heapRatio must be a number in (0, 1], got 2',
    ],
    [
      { workers: 1, host, limits: { cpuMs: 0 } },
      'createExecutor: limits.cpuMs must be a positive number, got 0',
    ],
    [{ workers: 1, host, deferSaves: 'yes' }, 'createExecutor: deferSaves must be a boolean, got "yes"'],
    [
      { workers: 1, host, workerStderr: 'pipe' },
      `createExecutor: workerStderr must be 'inherit' or a function (line, worker), got "pipe"`,
    ],
  ])('rejects %j before starting any process', (options, message) => {
    expect(() => createExecutor(options as never)).toThrow(
      expect.objectContaining({ code: 'badRequest', message }),
    );
  });
});
