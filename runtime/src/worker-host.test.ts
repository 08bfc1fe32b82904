import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkerHost } from '@warden/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import createWorkerHost from './worker-host.js';

// The worker host in this process, over a real SQLite file: the ops a script's bootstrap calls.
const APP = join(import.meta.dirname, '..', '..', 'scripts-examples', 'app.json');
const company = (name: string) => ({
  entity: 'companies',
  id: null,
  version: 0,
  label: null,
  fields: { name },
});

let dir: string;
let host: WorkerHost;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warden-host-'));
  host = createWorkerHost({
    database: join(dir, 'app.db'),
    app: APP,
    busyTimeoutMs: 1000,
    passwords: { ln: 12 },
  });
});
afterEach(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = () => {
  const run = host.beginRun({ source: '', runId: 'count' });
  const n = run.dispatch('data.count', ['companies', {}]);
  run.finish(true);
  return n;
};

describe('worker host: data.saveMany and restart', () => {
  it('saves a batch in order and answers the stored rows as one JSON array', () => {
    const run = host.beginRun({ source: '', runId: 'r1', grants: ['quietWrites'] });
    const answer = run.dispatch('data.saveMany', [
      [
        [company('a'), null],
        [company('b'), { mode: 'lite' }],
      ],
    ]) as Record<symbol, string>;
    const rows = JSON.parse(answer[Symbol.for('warden.rawJson')]!);
    expect(rows).toEqual([expect.objectContaining({ id: expect.any(String), label: 'a', version: 1 }), null]);
    run.finish(true);
    expect(count()).toBe(2);
  });

  it('refuses a malformed batch with a coded error naming what was wrong', () => {
    const run = host.beginRun({ source: '', runId: 'r2' });
    const error = (args: unknown[]) => {
      try {
        run.dispatch('data.saveMany', args);
      } catch (e) {
        return e;
      }
      throw new Error('the batch was accepted');
    };
    expect(error([{}])).toMatchObject({
      code: 'badRequest',
      message: 'sys.data.save: saves must be an array, got object',
    });
    expect(error([['x']])).toMatchObject({
      code: 'badRequest',
      message: "sys.data.save: a save must be an array, got 'x'",
    });
    expect(error([[[{ entity: 'companies' }, null]]])).toMatchObject({
      code: 'badRequest',
      message: 'sys.data.save: record must be a record',
    });
    run.finish(false);
    expect(count()).toBe(0);
  });

  it('restart undoes what the run wrote, and the run goes on in a new transaction', () => {
    const run = host.beginRun({ source: '', runId: 'r3' });
    run.dispatch('data.saveMany', [[[company('first attempt'), null]]]);
    expect(run.dispatch('data.count', ['companies', {}])).toBe(1);
    run.restart!();
    expect(run.dispatch('data.count', ['companies', {}])).toBe(0);
    run.dispatch('data.save', [company('replay'), null]);
    run.finish(true);
    expect(count()).toBe(1);
  });
});
