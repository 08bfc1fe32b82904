import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isContained } from '../security/security-kit.js';
import { capturedLog } from '../support/captured-log.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// A worker's stderr goes to the runtime's logger, each line tagged with the worker's index, so an
// embedder's logs keep it and nothing raw lands on the embedder's terminal.
describe("a worker's stderr reaches the runtime's logger", () => {
  const log = capturedLog();
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ executor: { workers: 1 }, logger: log.logger });
    expect((await w.run('return 1')).value).toBe(1);
  });
  afterAll(async () => {
    await w.dispose();
  });

  it("V8's out-of-memory report of a script's isolate arrives line by line as `warden worker 0: …`", async () => {
    // An array of 1e9 holes filled in a 32 MB heap: V8 reports its last garbage collections on
    // the worker's stderr before the run ends.
    const error = await w
      .run('var a = new Array(1e9).fill(0); return a.length;', { limits: { memoryMb: 32, wallMs: 4000 } })
      .then(
        () => null,
        (e) => e,
      );
    expect(isContained(error), `${error?.code}: ${error?.message}`).toBe(true);
    expect(log.lines).toContain('warden worker 0: <--- Last few GCs --->');
    expect(log.lines.some((l) => /^warden worker 0: \[\d+:0x[0-9a-f]+\] +\d+ ms: Mark-Compact/.test(l))).toBe(
      true,
    );
    expect(log.others()).toEqual([]);
  });
});
