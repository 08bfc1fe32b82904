import { encodeBootstrapSchema } from '@warden/sandbox';
import { openStore } from '@warden/store';
import ivm from 'isolated-vm';
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
  const schemaJson = encodeBootstrapSchema(store.schema);
  store.close();
  return { schemaJson, itemId, answer: (op: string) => answers[op] ?? '{"ok":true,"value":null}' };
}

/**
 * Scripts that call one op `count` times against canned answers (`id` is `itemId`): a point read
 * with a field read, a point read alone, a save of a new record, a count, and reads of rows from
 * one `find` cursor (whose canned pages never end).
 */
export const CANNED_SCRIPTS: Record<string, string> = {
  findByIdVal: `var s = 0; for (var i = 0; i < count; i++) s += sys.data.findById('items', id).field('n').val(); return s;`,
  findById: `var r; for (var i = 0; i < count; i++) r = sys.data.findById('items', id); return 1;`,
  save: `for (var i = 0; i < count; i++) { var r = sys.data.createRecord('entries'); r.field('name').val('e' + i); r.field('n').val(i); r.field('tag').val('t'); sys.data.save(r); } return 1;`,
  count: `var s = 0; for (var i = 0; i < count; i++) s += sys.data.count('items', {}); return s;`,
  findRow: `var r = sys.data.find('items', {}); var s = 0; for (var i = 0; i < count; i++) s += r.next().field('n').val(); return s;`,
};

/**
 * Readies one run in `context`: the bootstrap (compiled as `(function ($0, $1, $2) {…})`) entered on
 * `dispatch`, and the user function that `user` (a compiled function expression) evaluates to,
 * with `params` as its arguments. The answer runs it once and returns the result envelope.
 */
export function readyRun(
  context: ivm.Context,
  bootstrap: ivm.Script,
  dispatch: (op: string) => string,
  schemaJson: string,
  user: ivm.Script,
  params: unknown[],
): () => string {
  const enter = bootstrap
    .runSync(context, { reference: true })
    .applySync(undefined, [new ivm.Callback(dispatch), new ivm.Callback(() => {}), schemaJson], {
      result: { reference: true },
    }) as ivm.Reference<(runJson: string, fn: unknown) => string>;
  const fn = user.runSync(context, { reference: true }) as ivm.Reference<unknown>;
  const runJson = JSON.stringify({ entity: null, args: params.map((value) => ({ kind: 'value', value })) });
  return () => enter.applySync(undefined, [runJson, fn.derefInto()]) as string;
}
