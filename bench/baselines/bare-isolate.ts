import { type Store, storedRowJson } from '@warden/store';
import ivm from 'isolated-vm';

/**
 * The host side of a bare save crossing: `fields` as JSON in, the stored row out as JSON with its
 * data text spliced in (as Warden answers a save). The store's own work and nothing else.
 */
export function bareSaveHost(store: Store): (entity: string, fieldsJson: string) => string {
  return (entity, fieldsJson) => {
    const fields = JSON.parse(fieldsJson) as Record<string, unknown>;
    return storedRowJson(store.saveRow(entity, { id: null, version: 0, label: null, fields })!);
  };
}

/**
 * The floor of any design that keeps scripts in an isolate: a loop in a bare isolate that builds
 * each record's fields (those of `itemAt(i, 'entry')`), crosses once per save with them as JSON
 * and parses the stored row it gets back. No bootstrap, no record API, no argument checks, no
 * budget: no sandbox with a `sys` API can save faster.
 */
export function createBareSaveLoop(store: Store) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = isolate.createContextSync();
  context.global.setSync('$save', new ivm.Callback(bareSaveHost(store)));
  const loop = isolate
    .compileScriptSync(
      `(function (entity, count) {
        var saved = 0;
        for (var i = 0; i < count; i++) {
          var fields = { name: 'entry-' + i, n: i % 1000, tag: 't' + (i % 10) };
          if (JSON.parse($save(entity, JSON.stringify(fields))).version === 1) saved++;
        }
        return saved;
      })`,
    )
    .runSync(context, { reference: true });
  return {
    /** Saves `count` records of `entity`; answers how many came back as new. */
    run: (entity: string, count: number) => loop.applySync(undefined, [entity, count]) as number,
    dispose: () => isolate.dispose(),
  };
}
