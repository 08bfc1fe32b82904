import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, EXAMPLES, example, type TestRuntime } from '../support/test-runtime.js';

// scripts-examples/help-desk: the same script sees a different help desk as each person.
describe('the help-desk example', () => {
  let w: TestRuntime;
  beforeAll(async () => {
    w = await createTestRuntime({ app: join(EXAMPLES, 'help-desk', 'app.json') });
    expect((await w.run(example('help-desk/seed.js'))).value).toBe('4 tickets');
  });
  afterAll(() => w.dispose());

  const seen = async (as: string) =>
    (await w.run(example('help-desk/my-tickets.js'), { as, filename: 'my-tickets.js' })).value;

  it('an agent sees their own tickets without internal notes, and cannot edit a closed one', async () => {
    expect(await seen('ann@example.com')).toEqual([
      'Printer on fire (open)',
      'VPN drops at noon (closed)',
      'closed tickets are read-only: forbidden',
    ]);
  });

  it('a supervisor sees every ticket with its notes, and may edit a closed one', async () => {
    const all = (await seen('sue@example.com')) as string[];
    expect(all).toHaveLength(5);
    expect(all.slice(0, 4).every((t) => t.endsWith('[notes]'))).toBe(true);
    expect(all[4]).toBe('edited a closed ticket');
  });
});
