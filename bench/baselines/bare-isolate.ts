import { type Store, storedRowJson } from '@warden/store';
import ivm from 'isolated-vm';

/**
 * The host side of a bare save crossing: `fields` as JSON in, the stored row out as JSON with its
 * data text spliced in (as Warden answers a save). The store's own work and nothing else.
 */
export function bareSaveHost(store: Store): (entity: string, fieldsJson: string) => string {
  return (entity, fieldsJson) => saveFields(store, entity, JSON.parse(fieldsJson));
}

/** The same for a batch: a JSON array of fields in, the stored rows out as a JSON array. */
function bareSaveManyHost(store: Store): (entity: string, listJson: string) => string {
  return (entity, listJson) =>
    `[${(JSON.parse(listJson) as Record<string, unknown>[]).map((f) => saveFields(store, entity, f)).join(',')}]`;
}

function saveFields(store: Store, entity: string, fields: Record<string, unknown>): string {
  return storedRowJson(store.saveRow(entity, { id: null, version: 0, label: null, fields })!);
}

const ONE_PER_CROSSING = `(function (entity, count) {
  var saved = 0;
  for (var i = 0; i < count; i++) {
    var fields = { name: 'entry-' + i, n: i % 1000, tag: 't' + (i % 10) };
    if (JSON.parse($save(entity, JSON.stringify(fields))).version === 1) saved++;
  }
  return saved;
})`;

const BATCHED = `(function (entity, count, size) {
  var saved = 0, batch = [];
  var flush = function () {
    var rows = JSON.parse($save(entity, JSON.stringify(batch)));
    for (var k = 0; k < rows.length; k++) if (rows[k].version === 1) saved++;
    batch = [];
  };
  for (var i = 0; i < count; i++) {
    batch.push({ name: 'entry-' + i, n: i % 1000, tag: 't' + (i % 10) });
    if (batch.length === size) flush();
  }
  if (batch.length > 0) flush();
  return saved;
})`;

/**
 * The floor of any design that keeps scripts in an isolate: a loop in a bare isolate that builds
 * each record's fields (those of `itemAt(i, 'entry')`), crosses once per save with them as JSON
 * and parses the stored row it gets back. No bootstrap, no record API, no argument checks, no
 * budget: no sandbox with a `sys` API can save faster. With `perCrossing` > 1 it sends the fields
 * of that many saves per crossing: the floor of a design that defers saves and batches them.
 */
export function createBareSaveLoop(store: Store, perCrossing = 1) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = isolate.createContextSync();
  const host = perCrossing === 1 ? bareSaveHost(store) : bareSaveManyHost(store);
  context.global.setSync('$save', new ivm.Callback(host));
  const loop = isolate
    .compileScriptSync(perCrossing === 1 ? ONE_PER_CROSSING : BATCHED)
    .runSync(context, { reference: true });
  return {
    /** Saves `count` records of `entity`; answers how many came back as new. */
    run: (entity: string, count: number) => loop.applySync(undefined, [entity, count, perCrossing]) as number,
    dispose: () => isolate.dispose(),
  };
}
