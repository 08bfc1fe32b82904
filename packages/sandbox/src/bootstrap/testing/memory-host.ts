import {
  type AppSchema,
  badRequest,
  type EntitySchema,
  type Fields,
  notFound,
  type RecordData,
  type SysOpName,
  WardenError,
  type WireRecord,
} from '@warden/sys-api';
import { matches, select } from './memory-query.js';
import { userOps } from './memory-users.js';

type Op = (args: unknown[]) => unknown;

/** One op the bootstrap sent, as the host received it (parsed JSON). */
export interface HostCall {
  op: SysOpName;
  args: unknown[];
}

/**
 * The in-memory host the bootstrap tests dispatch to: our own small implementation of the op
 * table over JS maps, so that tests see real round trips (ids, versions, labels, defaults,
 * write-only fields dropped) without the store.
 */
export interface MemoryHost {
  readonly schema: AppSchema;
  readonly calls: HostCall[];
  /** Write-only values received on save, by `entity/id/path` (asserts they crossed once). */
  readonly writeOnly: Map<string, unknown>;
  currentUserId: string | null;
  endpointConfigs: Map<string, unknown>;
  dispatch(op: string, args: unknown[]): unknown;
  insert(entity: string, fields: Fields): WireRecord;
  get(entity: string, id: string): WireRecord | null;
  all(entity: string): WireRecord[];
  persist(entity: string, record: RecordData): WireRecord;
}

export function createMemoryHost(schema: AppSchema): MemoryHost {
  const tables = new Map<string, Map<string, RecordData>>();
  const cursors = new Map<string, { rows: unknown[]; pos: number }>();
  const locks = new Map<string, number>();
  let seq = 0;

  const table = (entity: string) => {
    if (!schema.entities[entity]) throw badRequest(`memory host: unknown entity ${entity}`);
    const t = tables.get(entity) ?? new Map<string, RecordData>();
    tables.set(entity, t);
    return t;
  };
  const wire = (entity: string, r: RecordData): WireRecord => structuredClone({ entity, ...r });
  const stored = (entity: string, id: string) => {
    const r = table(entity).get(id);
    if (!r) throw notFound(`memory host: no ${entity} record ${id}`);
    return r;
  };
  const page = (handle: string, size: number) => {
    const c = cursors.get(handle);
    if (!c) throw badRequest('memory host: unknown cursor');
    const items = c.rows.slice(c.pos, c.pos + size);
    c.pos += items.length;
    const more = c.pos < c.rows.length;
    if (!more) cursors.delete(handle);
    return { items, more };
  };
  const open = (rows: unknown[], size: number) => {
    const handle = `c${++seq}`;
    cursors.set(handle, { rows, pos: 0 });
    return { cursor: handle, ...page(handle, size) };
  };

  const host: MemoryHost = {
    schema,
    calls: [],
    writeOnly: new Map(),
    currentUserId: null,
    endpointConfigs: new Map(),
    dispatch(op, args) {
      const fn = ops[op];
      if (!fn) throw badRequest(`memory host: unknown op ${op}`);
      return fn(args);
    },
    insert: (entity, fields) => host.persist(entity, { id: null, version: 0, label: null, fields }),
    get: (entity, id) => {
      const r = table(entity).get(id);
      return r ? wire(entity, r) : null;
    },
    all: (entity) => [...table(entity).values()].map((r) => wire(entity, r)),
    persist(entity, record) {
      const t = table(entity);
      const e = schema.entities[entity]!;
      const isNew = record.id === null;
      if (!isNew) {
        const current = stored(entity, record.id!);
        if (current.version !== record.version) {
          throw new WardenError('optimisticLocking', `memory host: ${entity} ${record.id} was changed`);
        }
      }
      const id = record.id ?? `${entity === 'sys.users' ? 'u' : 'r'}${String(++seq).padStart(4, '0')}`;
      const fields = clean(e, record.fields, `${entity}/${id}`, host.writeOnly, isNew);
      const saved = { id, version: record.version + 1, label: labelOf(e, fields), fields };
      t.set(id, saved);
      return wire(entity, saved);
    },
  };

  const ops: Record<string, Op> = {
    'data.findById': ([e, id]) => host.get(e as string, id as string),
    'data.findOne': ([e, q]) => {
      const all = [...table(e as string).values()];
      const found =
        typeof q === 'string'
          ? all.find((r) => r.id === q || String(r.fields.email ?? '').toLowerCase() === q.toLowerCase())
          : select(all, q as Record<string, unknown> | null)[0];
      return found ? wire(e as string, found) : null;
    },
    'data.find': ([e, q, size]) =>
      open(
        select([...table(e as string).values()], q as Record<string, unknown>).map((r) =>
          wire(e as string, r),
        ),
        size as number,
      ),
    'data.aggregate': ([e, pipeline, size]) =>
      open([{ entity: e, stages: (pipeline as unknown[]).length }], size as number),
    'data.cursorNext': ([c, size]) => page(c as string, size as number),
    'data.cursorCount': ([c]) => cursors.get(c as string)?.rows.length ?? 0,
    'data.cursorClose': ([c]) => void cursors.delete(c as string),
    'data.count': ([e, q]) =>
      [...table(e as string).values()].filter((r) => matches(r, q as Record<string, unknown>)).length,
    'data.save': ([r, options]) => {
      const w = r as WireRecord;
      const saved = host.persist(w.entity, w);
      return (options as { mode?: string } | null)?.mode === 'lite' ? null : saved;
    },
    'data.saveMany': ([saves]) => (saves as unknown[][]).map((args) => ops['data.save']!(args)),
    'data.remove': ([e, id]) => {
      const r = stored(e as string, id as string);
      table(e as string).delete(id as string);
      return wire(e as string, r);
    },
    'data.delete': ([e, q]) => {
      const t = table(e as string);
      const doomed = [...t.values()].filter((r) => matches(r, q as Record<string, unknown>));
      for (const r of doomed) t.delete(r.id!);
      return doomed.length;
    },
    'data.refresh': ([e, id]) => host.get(e as string, id as string),
    'data.lock': ([e, id, timeout]) => {
      const r = stored(e as string, id as string);
      if (timeout === 0) throw new WardenError('timeout', 'memory host: lock not acquired');
      locks.set(`${e}/${id}`, (locks.get(`${e}/${id}`) ?? 0) + 1);
      return wire(e as string, r);
    },
    'data.tryLock': ([e, id, timeout]) => (timeout === 0 ? null : ops['data.lock']!([e, id, null])),
    'data.unlock': ([e, id]) => {
      stored(e as string, id as string);
      locks.set(`${e}/${id}`, (locks.get(`${e}/${id}`) ?? 1) - 1);
      return null;
    },
    'data.resolveRelationship': ([e, value]) => {
      const r = [...table(e as string).values()].find((x) => x.id === value || x.label === value);
      return r ? { id: r.id, label: r.label } : null;
    },
    'context.getCurrentUser': () => (host.currentUserId ? host.get('sys.users', host.currentUserId) : null),
    'context.setCurrentUser': ([by, value]) => {
      const user = [...table('sys.users').values()].find((u) =>
        by === 'email' ? u.fields.email === value : u.id === value,
      );
      if (!user) throw notFound(`memory host: no user ${value}`);
      host.currentUserId = user.id;
      return null;
    },
    ...userOps(host),
  };
  return host;
}

/** Fields as stored: write-only values removed (kept aside), defaults filled on insert, nested ids set. */
function clean(
  e: EntitySchema,
  fields: Fields,
  key: string,
  writeOnly: Map<string, unknown>,
  isNew: boolean,
): Fields {
  const out = structuredClone(fields);
  for (const [name, fs] of Object.entries(e.fields)) {
    if (fs.writeOnly && name in out) {
      writeOnly.set(`${key}/${name}`, out[name]);
      delete out[name];
    }
    if (fs.type === 'nested' && out[name] && typeof out[name] === 'object') {
      const items = (Array.isArray(out[name]) ? out[name] : [out[name]]) as Fields[];
      items.forEach((item, i) => {
        for (const [child, cs] of Object.entries(fs.fields ?? {})) {
          if (cs.writeOnly && child in item) {
            writeOnly.set(`${key}/${name}.${child}`, item[child]);
            delete item[child];
          }
        }
        if (fs.multiple && !item.id) item.id = `${name}-${i + 1}`;
      });
    }
    if (isNew && out[name] === undefined && fs.default !== undefined) out[name] = fs.default;
  }
  return out;
}

function labelOf(e: EntitySchema, fields: Fields): string | null {
  if (!e.label) return null;
  if (!e.label.includes('{')) return fields[e.label] == null ? null : String(fields[e.label]);
  return e.label.replace(/\{(\w+)\}/g, (_, f: string) => String(fields[f] ?? '')).trim();
}
