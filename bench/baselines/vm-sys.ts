import vm from 'node:vm';
import type { Store } from '@warden/store';
import type { Users } from '@warden/users';

type RecordData = NonNullable<ReturnType<Store['findById']>>;

/** Runs a script body in a node:vm context: the "no sandbox" baseline. */
export type VmRun = (
  source: string,
  params?: Record<string, unknown>,
  options?: { /** Default true; a script that never touches the store needs none. */ transaction?: boolean },
) => unknown;

/**
 * The node:vm baseline: the same script source as Warden runs, in a FRESH node:vm context per run
 * (as Warden gives each run a fresh context), with a `sys` whose functions call the store directly:
 * no isolate, no JSON bridge, no worker process. One transaction per run, as in Warden.
 */
export function createVmRunner(store: Store, users: Users): VmRun {
  return (source, params = {}, options = {}) => {
    // Compiled every run, as Warden compiles every run (V8's compilation cache helps both alike).
    const script = new vm.Script(`(function () {${source}\n})()`, { filename: 'script.js' });
    const context = vm.createContext({ sys: createSys(store, users), log: () => {}, ...params });
    const run = () => script.runInContext(context);
    return options.transaction === false ? run() : store.transaction(run);
  };
}

/**
 * Objects a script creates belong to the context's realm (another `Object.prototype`), which the
 * store's plain-object checks reject, so query maps are copied into the host realm, as any real
 * node:vm host would have to.
 */
const hostCopy = <T>(value: T): T =>
  value !== null && typeof value === 'object' ? structuredClone(value) : value;

/** Just the part of the sys API the bench scripts use, over host objects. */
function createSys(store: Store, users: Users) {
  const wrap = (entity: string, data: RecordData) => new VmRecord(entity, data);
  const wrapped = (entity: string, data: RecordData | null) => data && wrap(entity, data);
  return {
    data: {
      findById: (entity: string, id: string) => wrapped(entity, store.findById(entity, id)),
      findOne: (entity: string, query: Record<string, unknown> | string) =>
        wrapped(entity, store.findOne(entity, hostCopy(query))),
      find: (entity: string, query?: Record<string, unknown>) => {
        const iterator = store.find(entity, hostCopy(query ?? null))[Symbol.iterator]();
        let next = iterator.next();
        return {
          hasNext: () => !next.done,
          next: () => {
            const current = next;
            if (current.done) throw new Error('find: no more records');
            next = iterator.next();
            return wrap(entity, current.value);
          },
        };
      },
      count: (entity: string, query?: Record<string, unknown>) =>
        store.count(entity, hostCopy(query ?? null)),
      createRecord: (entity: string) => wrap(entity, { id: null, version: 0, label: null, fields: {} }),
      save: (record: VmRecord) => {
        const saved = store.save(record.entity, record.data);
        if (saved) record.data = saved;
        return record;
      },
    },
    users: {
      activate: (user: VmRecord) => wrap('sys.users', users.activate(user.data)),
      deactivate: (user: VmRecord) => wrap('sys.users', users.deactivate(user.data)),
    },
  };
}

/** A record as the baseline's scripts see it: `field(name).val()`, `id()`, `label()`. */
class VmRecord {
  constructor(
    readonly entity: string,
    public data: RecordData,
  ) {}
  id() {
    return this.data.id;
  }
  label() {
    return this.data.label;
  }
  field(name: string) {
    const fields = this.data.fields as Record<string, unknown>;
    return {
      val: (value?: unknown) => {
        if (value === undefined) return fields[name] ?? null;
        fields[name] = value;
        return undefined;
      },
    };
  }
}
