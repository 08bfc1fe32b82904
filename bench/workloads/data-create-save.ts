import { createBareSaveLoop } from '../baselines/bare-isolate.js';
import { itemAt } from '../fixture/bench-app.js';
import { compare, speedRatio } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { formatPercent } from '../harness/stats.js';
import { addComparison, pick, rounds, type Workload, wardenRun } from '../harness/workload.js';

/** Save `i` of the bench's loop: an `entries` record built field by field (tools reuse it). */
export const CREATE_SAVE_STEP = `
  var record = sys.data.createRecord('entries');
  record.field('name').val('entry-' + i);
  record.field('n').val(i % 1000);
  record.field('tag').val('t' + (i % 10));
  sys.data.save(record);`;

const SCRIPT = `
for (var i = 0; i < count; i++) {${CREATE_SAVE_STEP}
}
return sys.data.count('entries', {});`;

/** `createRecord` + `save` ×10k in one run, into an `entries` table emptied before every round. */
export const dataCreateSave: Workload = {
  name: 'save',
  async run(env, report) {
    const count = pick(env, 10_000, 500);
    await env.runtime();
    const { store } = env.direct();
    const raw = env.raw();
    const vm = await env.vm();
    const warden = wardenRun(env, SCRIPT, { count });
    const bare = createBareSaveLoop(store);

    const m = await compare(
      {
        warden: warden.run,
        direct: () =>
          store.transaction(() => {
            for (let i = 0; i < count; i++) {
              store.save('entries', { id: null, version: 0, label: null, fields: itemAt(i, 'entry') });
            }
            return store.count('entries', {});
          }),
        raw: () =>
          raw.transaction(() => {
            for (let i = 0; i < count; i++) raw.insert('entries', itemAt(i, 'entry'), `entry-${i}`);
            return (raw.db.prepare('SELECT count(*) FROM rec_entries').pluck().get() as number) ?? 0;
          }),
        vm: () => vm(SCRIPT, { count }),
        // Warden with every save sent at its call: what deferring saves gains, in the same run.
        'at call': async () => (await env.run(SCRIPT, { count }, 1, false)).value,
        floor: () =>
          store.transaction(() => {
            bare.run('entries', count);
            return store.count('entries', {});
          }),
      },
      { ...rounds(env, count), before: () => void raw.clear('entries') },
    );
    bare.dispose();
    addComparison(report, {
      workload: `\`createRecord\` + \`save\` ×${count.toLocaleString('en')} in one run (per record)`,
      short: 'create+save',
      m,
      against: 'direct',
      target: atLeastPercent(50, 'direct'),
    });
    report.notes.push(
      ...warden.notes('create+save run'),
      `create+save floor (a bare isolate: one JSON crossing per save, no API, no checks): ` +
        `${formatPercent(speedRatio(m.floor!, m.direct!))} of direct`,
      `create+save at call (Warden with deferSaves: false, each save one crossing): ` +
        `${formatPercent(speedRatio(m['at call']!, m.direct!))} of direct`,
    );
  },
};
