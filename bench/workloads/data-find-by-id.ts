import { compare } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { addComparison, pick, rounds, type Workload, wardenRun } from '../harness/workload.js';

const SCRIPT = `
var sum = 0;
for (var i = 0; i < count; i++) {
  var record = sys.data.findById('items', ids[i % ids.length]);
  sum += record.field('n').val();
}
return sum;`;

/** `sys.data.findById` ×100k in one run, against the same lookups in-process. */
export const dataFindById: Workload = {
  name: 'findById',
  async run(env, report) {
    const count = pick(env, 100_000, 2_000);
    const seeded = await env.itemIds(pick(env, 100_000, 2_000));
    const ids = seeded.filter((_, i) => i % Math.ceil(seeded.length / 1000) === 0);
    await env.runtime();
    const { store } = env.direct();
    const raw = env.raw();
    const vm = await env.vm();
    const warden = wardenRun(env, SCRIPT, { ids, count });

    const m = await compare(
      {
        warden: warden.run,
        direct: () =>
          store.transaction(() => {
            let sum = 0;
            for (let i = 0; i < count; i++)
              sum += store.findById('items', ids[i % ids.length]!)!.fields.n as number;
            return sum;
          }),
        raw: () =>
          raw.transaction(() => {
            let sum = 0;
            for (let i = 0; i < count; i++)
              sum += raw.findById('items', ids[i % ids.length]!)!.fields.n as number;
            return sum;
          }),
        vm: () => vm(SCRIPT, { ids, count }),
      },
      rounds(env, count),
    );
    addComparison(report, {
      workload: `\`sys.data.findById\` ×${count.toLocaleString('en')} in one run (per call)`,
      short: 'findById',
      m,
      against: 'direct',
      target: atLeastPercent(50, 'direct'),
    });
    report.notes.push(...warden.notes('findById run'));
  },
};
