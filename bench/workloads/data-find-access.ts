import { compare } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { addComparison, pick, rounds, type Workload } from '../harness/workload.js';

const SCRIPT = `
var records = sys.data.find('items', {});
var count = 0;
var sum = 0;
while (records.hasNext()) {
  sum += records.next().field('n').val();
  count++;
}
return [count, sum];`;

/**
 * The same `find` cursor as `find`, run as a user whose access condition (`n` ≤ the user's
 * `maxN`, which every record meets) the store puts in the SQL, against the run without one
 * (a system run), in the same process and rounds.
 */
export const dataFindAccess: Workload = {
  name: 'find-access',
  async run(env, report) {
    const total = pick(env, 100_000, 2_000);
    await env.itemIds(total);
    const runtime = await env.runtime();
    const email = 'reader@bench.example.com';
    if (!(await runtime.store.findOne('sys.users', email))) {
      await runtime.store.insert('sys.users', { firstName: 'R', lastName: 'R', email, maxN: 999 });
    }
    await runtime.users.addRole(email, 'reader');
    const run = (as?: string) => async () =>
      (await runtime.run(SCRIPT, { ...(as ? { as } : {}), timeoutMs: 120_000 })).value;
    const m = await compare({ warden: run(email), system: run() }, rounds(env, total));
    addComparison(report, {
      workload: `\`sys.data.find\` over ${total.toLocaleString('en')} records with an access condition, against without (per record)`,
      short: 'find with access condition',
      m,
      against: 'system',
      target: atLeastPercent(80, 'the same find without a condition'),
    });
  },
};
