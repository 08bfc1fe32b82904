import { openStore } from '@warden/store';
import { BENCH_APP } from '../fixture/bench-app.js';

/**
 * What a bootstrap measured alone gets from its host: the app schema it is handed, and canned
 * answers with the runtime's shapes (reads and saves answer stored rows, their data spliced in as
 * JSON; `find` and `cursorNext` a page of 200 of them), all about one `items` record, `itemId`.
 */
export function cannedHost() {
  const store = openStore({ database: ':memory:', app: BENCH_APP });
  const itemId = store.insert('items', { name: 'item-1', n: 1, tag: 't1' }).id!;
  const entryId = store.insert('entries', { name: 'entry-1', n: 1, tag: 't1' }).id!;
  const row = (entity: string, id: string) => JSON.parse(store.findRowJsonById(entity, id)!);
  const page = { cursor: 'c1', items: Array.from({ length: 200 }, () => row('items', itemId)), more: true };
  const answers: Record<string, string> = {
    'data.findById': JSON.stringify({ ok: true, value: row('items', itemId) }),
    'data.save': JSON.stringify({ ok: true, value: row('entries', entryId) }),
    'data.count': JSON.stringify({ ok: true, value: 1 }),
    'data.find': JSON.stringify({ ok: true, value: page }),
    'data.cursorNext': JSON.stringify({ ok: true, value: page }),
  };
  const schemaJson = JSON.stringify(store.schema);
  store.close();
  return { schemaJson, itemId, answer: (op: string) => answers[op] ?? '{"ok":true,"value":null}' };
}
