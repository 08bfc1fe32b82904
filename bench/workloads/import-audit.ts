import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '@warden/runtime';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { compare, speedRatio } from '../harness/compare.js';
import { memorySampler } from '../harness/memory.js';
import { atLeastPercent } from '../harness/report.js';
import { formatBytes, formatMs, formatPercent } from '../harness/stats.js';
import { detail, pick, rounds, type Workload } from '../harness/workload.js';

const BATCH = 50_000;

/** The bench app with a copy of `entries` that keeps history. */
const APP = {
  ...BENCH_APP,
  entities: { ...BENCH_APP.entities, audited: { ...BENCH_APP.entities.entries, history: true } },
};

const SAVE_SCRIPT = `
for (var i = 0; i < count; i++) {
  var record = sys.data.createRecord(entity);
  record.field('name').val('entry-' + i);
  record.field('n').val(i % 1000);
  record.field('tag').val('t' + (i % 10));
  sys.data.save(record);
}
return sys.data.count(entity, {});`;

async function writeJsonl(file: string, total: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < total; i++) {
    if (!out.write(`${JSON.stringify(itemAt(i, 'entry'))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Import and audit costs: `runtime.store.importRecords` of N records from a JSON Lines file
 * against `store.insert` of the same records, 50k per transaction (same process, interleaved
 * rounds), with the RSS the import adds; and `createRecord` + `save` ×10k in one run into an
 * entity with history against the same entity without it.
 */
export const importAudit: Workload = {
  name: 'import',
  async run(env, report) {
    const total = Number(process.env.WARDEN_BENCH_IMPORT_N) || pick(env, 1_000_000, 5_000);
    const file = join(env.dir, 'import.jsonl');
    await writeJsonl(file, total);
    const database = join(env.dir, 'import.db');
    const runtime: Runtime = await createRuntime({
      database,
      app: APP,
      executor: { workers: 1 },
      mail: { dispatch: false },
      passwords: { ln: 12 },
    });
    try {
      const clear = () => void runtime.store.db.exec('DELETE FROM rec_entries');
      const memory = memorySampler();
      let base = 0;
      const m = await compare(
        {
          insert: async () => {
            for (let from = 0; from < total; from += BATCH) {
              await runtime.store.transaction((store) => {
                for (let i = from; i < Math.min(total, from + BATCH); i++)
                  store.insert('entries', itemAt(i, 'entry'));
              });
            }
            return runtime.store.count('entries');
          },
          import: async () => {
            base = process.memoryUsage().rss;
            const r = await runtime.store.importRecords('entries', createReadStream(file), {
              format: 'jsonl',
              onProgress: () => memory.sample(),
            });
            if (r.errors.length) throw new Error(`import: ${JSON.stringify(r.errors[0])}`);
            return runtime.store.count('entries');
          },
        },
        { ...rounds(env, total, 3), before: clear },
      );
      const ratio = speedRatio(m.import!, m.insert!);
      report.rows.push({
        workload: `\`importRecords\` of ${total.toLocaleString('en')} records from JSON Lines (per record)`,
        warden: formatMs(m.import!.perOp.median),
        direct: formatMs(m.insert!.perOp.median),
        ratio: `${formatPercent(ratio)} of store.insert (50k per transaction)`,
        target: atLeastPercent(70, 'store.insert'),
        value: ratio,
      });
      report.notes.push(
        detail('import', m.import!),
        detail('insert', m.insert!),
        `import peak RSS ${formatBytes(memory.maxRss)} (${formatBytes(Math.max(0, memory.maxRss - base))} over the RSS at its start)`,
      );

      await runtime.run('return 1');
      const save = (entity: string) => async () =>
        (await runtime.run(SAVE_SCRIPT, { params: { count: saves, entity } })).value;
      const saves = pick(env, 10_000, 500);
      const h = await compare(
        { off: save('entries'), on: save('audited') },
        {
          ...rounds(env, saves),
          before: () => void runtime.store.db.exec('DELETE FROM rec_entries; DELETE FROM rec_audited'),
        },
      );
      const kept = speedRatio(h.on!, h.off!);
      report.rows.push({
        workload: `\`save\` ×${saves.toLocaleString('en')} in one run with history on (per record)`,
        warden: formatMs(h.on!.perOp.median),
        direct: formatMs(h.off!.perOp.median),
        ratio: `${formatPercent(kept)} of history off`,
        target: atLeastPercent(70, 'history off'),
        value: kept,
      });
      report.notes.push(detail('save, history on', h.on!), detail('save, history off', h.off!));
    } finally {
      await runtime.close();
      rmSync(file, { force: true });
    }
  },
};
