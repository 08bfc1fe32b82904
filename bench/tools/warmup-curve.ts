// How a `save` run speeds up as its fresh context's code warms: µs per save, chunk by chunk, for
// Warden's worker side (runner and runtime host, no IPC) and for direct, alternated run by run.
// Usage: node --no-node-snapshot --conditions=@warden/source --import tsx bench/tools/warmup-curve.ts [saves] [runs] [chunk]
// MARK=1 writes `== save N` every 250 saves from the host, so that V8's `--trace-opt` lines show
// after how many saves each function was optimized. NO_DIRECT=1 leaves direct out.
import { mkdtempSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunHost } from '@warden/sandbox';
import { openStore } from '@warden/store';
import { BENCH_APP, itemAt } from '../fixture/bench-app.js';
import { CREATE_SAVE_STEP } from '../workloads/data-create-save.js';
import { openWorkerSide } from './worker-side.js';

const [saves = 10_000, runs = 5, chunk = 500] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), 'warden-warmup-curve-'));
const database = join(dir, 'curve.db');
const store = openStore({ database, app: BENCH_APP });
const worker = await openWorkerSide(database, store.schema);

// The bench's save script, with a timestamp after every chunk of saves.
const SOURCE = `var marks = [Date.now()];
for (var i = 0; i < count; i++) {${CREATE_SAVE_STEP}
  if ((i + 1) % chunk === 0) marks.push(Date.now());
}
return marks;`;

const marked = (inner: RunHost): RunHost => {
  let n = 0;
  return {
    ...inner,
    dispatch(op, args) {
      if (op === 'data.save' && ++n % 250 === 0) writeSync(1, `== save ${n}\n`);
      return inner.dispatch(op, args);
    },
  };
};

const warden = () =>
  worker.run(SOURCE, { count: saves, chunk }, process.env.MARK ? marked : undefined) as number[];

const direct = () =>
  store.transaction(() => {
    const marks = [performance.now()];
    for (let i = 0; i < saves; i++) {
      store.save('entries', { id: null, version: 0, label: null, fields: itemAt(i, 'entry') });
      if ((i + 1) % chunk === 0) marks.push(performance.now());
    }
    return marks;
  });

const print = (name: string, marks: number[]) => {
  const perSave = (ms: number) => (ms * 1000) / chunk;
  const chunks = marks.slice(1).map((m, i) => perSave(m - marks[i]!).toFixed(0));
  const mean = ((marks.at(-1)! - marks[0]!) * 1000) / (chunks.length * chunk);
  console.log(`${name} ${mean.toFixed(1)} µs/save, per chunk of ${chunk}: ${chunks.join(' ')}`);
};

for (let run = 0; run < runs; run++) {
  for (const [name, subject] of [
    ['warden', warden],
    ['direct', direct],
  ] as const) {
    if (name === 'direct' && process.env.NO_DIRECT) continue;
    store.transaction(() => store.deleteMany('entries', {}));
    print(name, subject());
  }
}
worker.host.close();
store.close();
rmSync(dir, { recursive: true, force: true });
