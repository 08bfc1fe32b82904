import { afterAll, describe, expect, it } from 'vitest';
import { createIsolateRunner, type RunResult } from './isolate-runner.js';
import { DEFAULT_LIMITS } from './limits.js';
import createWorkerHost from './test-fixtures/counter-host.js';
import { STAND_IN_BOOTSTRAP } from './test-fixtures/stand-in-bootstrap.js';

// maxResultBytes is a limit a result may reach, not exceed: a result of exactly that many bytes
// passes and one byte more ends the run. Both places that measure results are checked: a host
// call's answer and the run's own return value.

const host = createWorkerHost({});
const runner = createIsolateRunner({
  bootstrapSource: STAND_IN_BOOTSTRAP,
  schema: host.schema(),
  maxRuns: 50,
  heapRatio: 0.8,
});
afterAll(() => runner.dispose());

const run = (source: string, maxResultBytes: number): RunResult => {
  const req = { source };
  return runner.run(req, { ...DEFAULT_LIMITS, maxResultBytes }, host.beginRun({ ...req, runId: 'r' }));
};
const OVER = { code: 'systemException', message: 'Result size limit of %d bytes exceeded' };
const over = (limit: number) => ({ ...OVER, message: OVER.message.replace('%d', String(limit)) });

describe('result size limit', () => {
  // The counter host answers findById('e', n) with a record whose blob holds n characters; the
  // bridge sends it as `{"ok":true,"value":<record>}`.
  const answerBytes = (n: number) =>
    Buffer.byteLength(
      JSON.stringify({
        ok: true,
        value: { entity: 'e', id: String(n), version: 1, label: null, fields: { blob: 'x'.repeat(n) } },
      }),
    );

  it('lets a host call answer exactly the limit, and ends the run one byte over it', () => {
    const limit = answerBytes(900);
    expect(answerBytes(901)).toBe(limit + 1);
    const ok = run('var r = sys.data.findById("e", "900"); return r.fields.blob.length;', limit);
    expect(ok).toMatchObject({ ok: true, value: 900 });
    expect(ok.stats.resultBytes).toBe(limit);
    const late = run('try { sys.data.findById("e", "901"); } catch (e) {} return "went on";', limit);
    expect(late).toMatchObject({ ok: false, error: over(limit) });
  });

  it('lets a run return exactly the limit, and fails it one byte over it', () => {
    // The stand-in bootstrap answers `{"ok":true,"value":"<text>"}`.
    const envelope = (n: number) => Buffer.byteLength(JSON.stringify({ ok: true, value: 'y'.repeat(n) }));
    const limit = 1000;
    const n = limit - envelope(0);
    expect(envelope(n)).toBe(limit);
    expect(run(`return "y".repeat(${n})`, limit)).toMatchObject({ ok: true, value: 'y'.repeat(n) });
    expect(run(`return "y".repeat(${n + 1})`, limit)).toMatchObject({ ok: false, error: over(limit) });
  });
});
