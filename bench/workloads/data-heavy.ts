import type { RunStats } from '@warden/runtime';
import { compare } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { addComparison, bridgeNote, pick, rounds, type Workload } from '../harness/workload.js';

// A typical data script: point reads, a filtered query, a few inserts, an update of what it wrote.
export const DATA_HEAVY_SCRIPT = `
var sum = 0;
for (var i = 0; i < 200; i++) sum += sys.data.findById('items', ids[i % ids.length]).field('n').val();
var tagged = sys.data.find('items', { tag: 't3', _size: 200 });
while (tagged.hasNext()) sum += tagged.next().field('n').val();
var last = null;
for (var j = 0; j < 50; j++) {
  var entry = sys.data.createRecord('entries');
  entry.field('name').val(prefix + j);
  entry.field('n').val(j);
  sys.data.save(entry);
  last = entry;
}
last.field('n').val(1000);
sys.data.save(last);
var named = sys.data.findOne('items', { name: 'item-7' });
return sum + named.field('n').val() + sys.data.count('entries', { n: 1000 });`;

/** The same data-heavy script in Warden and in node:vm (per run, many runs per round). */
export const dataHeavy: Workload = {
  name: 'script',
  async run(env, report) {
    const runs = pick(env, 50, 5);
    const seeded = await env.itemIds(pick(env, 100_000, 2_000));
    const ids = seeded.filter((_, i) => i % 97 === 0).slice(0, 200);
    const raw = env.raw();
    const vm = await env.vm();
    let stats: RunStats | undefined;

    const m = await compare(
      {
        warden: async () => {
          let out = 0;
          for (let k = 0; k < runs; k++) {
            const result = await env.run(DATA_HEAVY_SCRIPT, { ids, prefix: `w${k}-` });
            stats = result.stats;
            out += result.value as number;
          }
          return out;
        },
        vm: () => {
          let out = 0;
          for (let k = 0; k < runs; k++) out += vm(DATA_HEAVY_SCRIPT, { ids, prefix: `v${k}-` }) as number;
          return out;
        },
      },
      { ...rounds(env, runs), before: () => void raw.clear('entries') },
    );
    addComparison(report, {
      workload:
        'the same data-heavy script (200 findById, a 200-row find, 51 saves, findOne, count) (per run)',
      short: 'data-heavy script',
      m,
      against: 'vm',
      target: atLeastPercent(50, 'node:vm'),
    });
    if (stats) report.notes.push(bridgeNote('data-heavy run', stats));
  },
};
