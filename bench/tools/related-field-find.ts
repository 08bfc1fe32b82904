// A related-field find (`company.isCustomer`) against a plain-field find on a 1M-record store:
// first pages (what a script's `find` loop starts with) and counts (every match), through the
// store API inside a transaction, as a run's reads are. RELATED_INDEX=1 declares the
// relationship `indexed` (an expression index on `company.id`).
// Usage: nice node --conditions=@warden/source --import tsx bench/tools/related-field-find.ts [records]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@warden/store';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const COMPANIES = 1_000;
const BATCH = 50_000;
const indexed = process.env.RELATED_INDEX === '1';

const app = {
  name: 'related',
  entities: {
    companies: { label: 'name', fields: { name: { type: 'text' }, isCustomer: { type: 'boolean' } } },
    people: {
      label: 'name',
      fields: {
        name: { type: 'text' },
        tag: { type: 'text' },
        company: { type: 'relationship', entity: 'companies', indexed },
      },
    },
  },
};

const dir = mkdtempSync(join(tmpdir(), 'warden-related-'));
const store = openStore({ database: join(dir, 'r.db'), app });
const started = performance.now();
const companyIds = store.transaction(() =>
  // One company in ten is a customer, so 10% of the people match either way.
  Array.from(
    { length: COMPANIES },
    (_, i) => store.insert('companies', { name: `c-${i}`, isCustomer: i % 10 === 3 }).id,
  ),
);
for (let from = 0; from < TOTAL; from += BATCH) {
  store.transaction(() => {
    for (let i = from; i < Math.min(TOTAL, from + BATCH); i++)
      store.insert('people', { name: `p-${i}`, tag: `t${i % 10}`, company: companyIds[i % COMPANIES] });
  });
}
console.log(
  `loaded ${TOTAL} people in ${((performance.now() - started) / 1000).toFixed(1)} s (relationship indexed: ${indexed})`,
);

const time = (label: string, rounds: number, fn: () => number) => {
  fn();
  const ms: number[] = [];
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    n = store.transaction(fn);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(62)} ${ms[Math.floor(ms.length / 2)]!.toFixed(2).padStart(9)} ms  (${n})`);
};

const page = (q: Record<string, unknown>) => () => store.find('people', { ...q, _size: 20 }).take(20).length;
const count = (q: Record<string, unknown>) => () => store.count('people', q);
time('first page of 20, plain field (tag = t3)', 21, page({ tag: 't3' }));
time('first page of 20, related field (company.isCustomer = true)', 21, page({ 'company.isCustomer': true }));
time('first page of 20, related field, one company (company.name)', 5, page({ 'company.name': 'c-7' }));
time('count, plain field (tag = t3)', 5, count({ tag: 't3' }));
time('count, related field (company.isCustomer = true)', 5, count({ 'company.isCustomer': true }));
time('count, related field, one company (company.name)', 5, count({ 'company.name': 'c-7' }));
store.close();
rmSync(dir, { recursive: true, force: true });
