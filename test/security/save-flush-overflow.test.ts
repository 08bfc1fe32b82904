import { afterAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';
import { isContained } from './security-kit.js';

// Issue 22, finding 7: queued saves flushed near the stack limit (a log or a record read at each
// unwinding frame of a deep recursion) could end part way: the batch committed while some records
// still said id() null, and saving those again made duplicates. Whatever ends a flush, each record
// the script holds must agree with what was committed, or the run must fail and roll back.
const SETUP = `
  var recs = [];
  for (var i = 0; i < 600; i++) {
    var c = sys.data.createRecord('companies'); c.field('name').val(tag + '-' + i); recs.push(c);
  }
  var k = 0, hostFailures = 0;
  function seen(e) { if (sys.exceptions.getCode(e) === 'unknownError') hostFailures++; }
`;
// After the run: records without an id are saved again (as the attacker did), then counted. Host
// failures the script caught are counted too: a host call that failed part way must end the run.
const CHECK = `
  var nulls = 0;
  for (var i = 0; i < recs.length; i++) if (recs[i].id() === null) { nulls++; sys.data.save(recs[i]); }
  return { nulls: nulls, hostFailures: hostFailures, rows: sys.data.count('companies', { name: 'like(' + tag + '-)' }) };
`;

const DIVE = `function dive(d) {
    try { dive(d + 1); } catch (e) { seen(e); }
    try { if (k < recs.length) sys.data.save(recs[k++]); } catch (e) { seen(e); }
    try { log('depth ' + d); } catch (e) { seen(e); }
  }
  dive(0);`;

describe('a stack overflow while queued saves flush', () => {
  const runtimes: TestRuntime[] = [];
  afterAll(async () => {
    for (const w of runtimes) await w.dispose();
  });

  it.each([
    ['deferred saves', true],
    ['saves sent at their call', false],
  ])(
    '600 saves and logs at unwinding depths (%s): records agree with the commit, or the run rolls back',
    async (_name, deferSaves) => {
      const w = await createTestRuntime({ executor: { workers: 1, deferSaves } });
      runtimes.push(w);
      const body = DIVE;
      for (let attempt = 0; attempt < 2; attempt++) {
        const tag = `ov${attempt}-${Math.random().toString(36).slice(2, 8)}`;
        const outcome = await w.run(`${SETUP}${body}${CHECK}`, { params: { tag } }).then(
          (r) => ({
            ok: true as const,
            value: r.value as { nulls: number; rows: number; hostFailures: number },
          }),
          (e) => ({ ok: false as const, error: e }),
        );
        const stored = await w.store.count('companies', { name: `like(${tag}-)` });
        if (outcome.ok) {
          // Records that never got an id were never stored: saved again, each is stored once.
          expect(outcome.value.rows, `records without an id: ${outcome.value.nulls}`).toBe(600);
          expect(outcome.value.hostFailures, 'host calls that failed part way, caught by the script').toBe(0);
          expect(stored).toBe(600);
        } else {
          expect(isContained(outcome.error), `${outcome.error.code}: ${outcome.error.message}`).toBe(true);
          expect(stored).toBe(0);
        }
      }
    },
  );
});
