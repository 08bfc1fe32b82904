import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// hooks.maxDepth is how many hook levels may nest: a chain of exactly that many before-hooks
// works and saves every record, one level more fails the whole run and saves nothing.

const MAX_DEPTH = 3;

// The record's name is `<levels>:x` plus one `+` per hook level so far; each hook saves the next
// record of the chain until the chain is `<levels>` hooks long.
const CHAIN = `var n = record.field('name').val();
var parts = n.split(':');
if (parts[1].length < Number(parts[0])) {
  var next = sys.data.createRecord('companies');
  next.field('name').val(n + '+');
  sys.data.save(next);
}`;

describe('hook depth limit', () => {
  let w: TestRuntime;
  const names = async () =>
    [...(await w.store.find('companies', {}))].map((c) => c.fields.name as string).sort();
  const start = (levels: number) =>
    w.run(
      `var c = sys.data.createRecord('companies'); c.field('name').val('${levels}:x'); sys.data.save(c); return c.id();`,
    );

  beforeAll(async () => {
    w = await createTestRuntime({ hooks: { maxDepth: MAX_DEPTH } });
    w.hooks.register({
      name: 'chain',
      event: 'record.created',
      entity: 'companies',
      when: 'before',
      source: CHAIN,
    });
  });
  afterAll(() => w.dispose());
  afterEach(async () => {
    await w.store.deleteMany('companies', {});
  });

  it('runs a chain of exactly maxDepth before-hooks and saves every record of it', async () => {
    const result = await start(MAX_DEPTH);
    expect(result.value).toEqual(expect.any(String));
    expect(await names()).toEqual(['3:x', '3:x+', '3:x++']);
  });

  it('fails a chain one level deeper as a whole, saving nothing', async () => {
    const error = await start(MAX_DEPTH + 1).catch((e) => e);
    expect(error).toMatchObject({ code: 'badRequest' });
    expect(error.message).toContain(
      `hook 'chain' exceeded the hook depth limit of ${MAX_DEPTH} (a hook that triggers itself?)`,
    );
    expect(await names()).toEqual([]);
  });

  it('a shorter chain is not affected by an earlier failure', async () => {
    await start(MAX_DEPTH + 1).catch(() => null);
    await start(2);
    expect(await names()).toEqual(['2:x', '2:x+']);
  });
});
