import { badRequest, type SysOpName } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { createHostBridge } from './host-bridge.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { createLogSink } from './log-sink.js';
import { createRunBudget } from './run-budget.js';
import type { RunHost } from './types.js';

// The bridge alone, between a real budget and a small host that answers by op: how it counts,
// parses, answers and ends a run. The isolate-runner tests cover it with an isolate in front.

type Serve = (op: SysOpName, args: unknown[]) => unknown;

function setup(serve: Serve, limits: Partial<Limits> = {}, held?: () => { cursors: number; bytes: number }) {
  const budget = createRunBudget({ ...DEFAULT_LIMITS, ...limits }, () => 0n);
  const logs = createLogSink(1024);
  const calls: [string, unknown[]][] = [];
  const runHost: RunHost = {
    dispatch: (op, args) => {
      calls.push([op, args]);
      return serve(op, args);
    },
    finish: () => null,
    ...(held ? { held } : {}),
  };
  let ended = 0;
  const bridge = createHostBridge(budget, logs, runHost, () => {
    ended += 1;
  });
  const call = (op: unknown, args: unknown) => {
    try {
      return bridge.dispatch(op, args);
    } catch (error) {
      return `thrown: ${(error as Error).message}`;
    }
  };
  return { budget, logs, calls, bridge, call, ended: () => ended };
}

describe('host bridge', () => {
  it('answers a value in an ok envelope: raw JSON text as is, other values serialised', () => {
    const raw = { [Symbol.for('warden.rawJson')]: '{"id":"r1","data":{}}' };
    const values: Record<string, unknown> = {
      'data.findById': raw,
      'data.count': 3,
      'data.findOne': undefined,
    };
    const { call } = setup((op) => values[op]);
    expect(call('data.findById', '["e","r1"]')).toBe('{"ok":true,"value":{"id":"r1","data":{}}}');
    expect(call('data.count', '["e"]')).toBe('{"ok":true,"value":3}');
    expect(call('data.findOne', '["e"]')).toBe('{"ok":true,"value":null}');
  });

  it('answers a value JSON cannot hold with an error envelope, and the run goes on', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const { call, ended, budget } = setup(() => cycle);
    const answer = JSON.parse(call('data.count', '["e"]') as string);
    expect(answer.ok).toBe(false);
    expect(ended()).toBe(0);
    expect(budget.breach).toBeNull();
  });

  it('refuses malformed calls with badRequest envelopes, without calling the host', () => {
    const { call, calls } = setup(() => 1);
    const answer = (op: unknown, args: unknown) => JSON.parse(call(op, args) as string);
    expect(answer('nope.op', '[]')).toMatchObject({
      ok: false,
      code: 'badRequest',
      message: 'dispatch: unknown operation "nope.op"',
    });
    expect(answer(42, '[]')).toMatchObject({ code: 'badRequest' });
    expect(answer('data.count', 7)).toMatchObject({
      code: 'badRequest',
      message: 'data.count: arguments must be a JSON string',
    });
    expect(answer('data.count', '[')).toMatchObject({
      code: 'badRequest',
      message: 'data.count: arguments are not valid JSON',
    });
    expect(answer('data.count', '{"a":1}')).toMatchObject({
      code: 'badRequest',
      message: expect.stringMatching(/^data\.count: arguments must be a JSON array, got /),
    });
    expect(calls).toEqual([]);
  });

  it('passes a coded host error to the script, and the run goes on', () => {
    const { call, ended, bridge } = setup(() => {
      throw badRequest('count: no such entity');
    });
    expect(JSON.parse(call('data.count', '["x"]') as string)).toMatchObject({
      ok: false,
      code: 'badRequest',
      message: 'count: no such entity',
    });
    expect([ended(), bridge.broken]).toEqual([0, null]);
  });

  it.each([
    [
      new RangeError('Maximum call stack size exceeded'),
      'systemException',
      'data.count: the host ran out of stack serving the call (the script recursed too deep); the run was rolled back',
    ],
    [
      new Error('SQLITE_IOERR: /var/db/app.db'),
      'unknownError',
      'data.count: an internal error occurred while serving the call; the run was rolled back',
    ],
  ])(
    'ends the run on a host failure that is not coded (%s), naming only its kind',
    (error, code, message) => {
      const { call, ended, bridge } = setup(() => {
        throw error;
      });
      expect(call('data.count', '["e"]')).toBe('thrown: run ended');
      expect(ended()).toBe(1);
      expect(bridge.broken).toEqual({ code, message });
    },
  );

  it('counts the bytes of each call and a batch of saves as one call per save', () => {
    const { call, budget } = setup(() => [1, 2, 3]);
    call('data.count', '["e"]');
    expect([budget.hostCalls, budget.argBytes]).toEqual([1, 5]);
    call('data.saveMany', '[[1,2,3]]');
    expect(budget.hostCalls).toBe(4);
    call('data.saveMany', '[[1]]');
    call('data.saveMany', '[1]');
    call('data.find', '[[1,2,3]]');
    expect(budget.hostCalls).toBe(7);
    call('data.count', 5);
    expect(budget.hostCalls).toBe(8);
    expect(budget.argBytes).toBe(5 + 9 + 5 + 3 + 9);
  });

  it('ends the run when a batch takes the calls past the limit', () => {
    const { call, ended, calls, budget } = setup(() => [1, 2, 3], { maxHostCalls: 3 });
    call('data.count', '["e"]');
    expect(call('data.saveMany', '[[1,2,3]]')).toBe('thrown: run ended');
    expect(ended()).toBe(1);
    expect(calls).toHaveLength(1);
    expect(budget.breach).toMatchObject({ limit: 'maxHostCalls' });
  });

  it('checks what the host holds after ops that open or page result sets only', () => {
    const held = () => ({ cursors: 5, bytes: 0 });
    const { call, ended } = setup(() => 1, { maxOpenCursors: 4 }, held);
    expect(call('data.count', '["e"]')).toBe('{"ok":true,"value":1}');
    expect(ended()).toBe(0);
    expect(call('data.find', '["e"]')).toBe('thrown: run ended');
    expect(ended()).toBe(1);
  });

  it('replays the run when a batch of saves failed, and only then', () => {
    const failing = setup((op) => {
      if (op === 'data.saveMany') throw badRequest('saveMany: a save failed');
      throw badRequest('count: failed');
    });
    expect(JSON.parse(failing.call('data.count', '["e"]') as string).ok).toBe(false);
    expect(failing.bridge.replay).toBe(false);
    expect(failing.call('data.saveMany', '[[1]]')).toBe('thrown: run ended');
    expect([failing.bridge.replay, failing.ended()]).toEqual([true, 1]);

    const fine = setup(() => [{ id: 'a' }]);
    expect(fine.call('data.saveMany', '[[1]]')).toBe('{"ok":true,"value":[{"id":"a"}]}');
    expect([fine.bridge.replay, fine.ended()]).toEqual([false, 0]);
  });

  it('counts a log as a host call and keeps its text', () => {
    const { bridge, budget, logs } = setup(() => 1, { maxHostCalls: 1 });
    bridge.log('INFO', 'hello');
    expect(budget.hostCalls).toBe(1);
    expect(logs.entries.map((e) => e.message)).toEqual(['hello']);
    expect(() => bridge.log('INFO', 'again')).toThrow('run ended');
  });
});
