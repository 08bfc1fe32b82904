import { compare } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { addComparison, pick, rounds, type Workload, wardenRun } from '../harness/workload.js';

const SCRIPT = `
var records = sys.data.find('items', {});
var count = 0;
var sum = 0;
while (records.hasNext()) {
  sum += records.next().field('n').val();
  count++;
}
return [count, sum];`;

/** One `sys.data.find` cursor over every `items` record, summing a field (per record). */
export const dataFindCursor: Workload = {
  name: 'find',
  async run(env, report) {
    const total = pick(env, 100_000, 2_000);
    await env.itemIds(total);
    await env.runtime();
    const { store } = env.direct();
    const raw = env.raw();
    const vm = await env.vm();
    const warden = wardenRun(env, SCRIPT, {});

    const m = await compare(
      {
        warden: warden.run,
        direct: () =>
          store.transaction(() => {
            let [count, sum] = [0, 0];
            for (const record of store.find('items', {}))
              [count, sum] = [count + 1, sum + (record.fields.n as number)];
            return [count, sum];
          }),
        raw: () =>
          raw.transaction(() => {
            let [count, sum] = [0, 0];
            for (const record of raw.scan('items'))
              [count, sum] = [count + 1, sum + (record.fields.n as number)];
            return [count, sum];
          }),
        vm: () => vm(SCRIPT),
      },
      rounds(env, total),
    );
    addComparison(report, {
      workload: `\`sys.data.find\` cursor over ${total.toLocaleString('en')} records, summing a field (per record)`,
      short: 'find cursor',
      m,
      against: 'direct',
      target: atLeastPercent(70, 'direct'),
    });
    report.notes.push(...warden.notes('find cursor run'));
  },
};
