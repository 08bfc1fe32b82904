/**
 * The scripts behind the record routes. They run through `runtime.run` as the caller, so the
 * app's access rules bind them exactly as they bind the caller's own scripts (filtered reads,
 * refused writes). Entity, id, query and fields arrive as run parameters, never in the source.
 */

/** Lists a page: `{items, total}`. */
export const LIST = `
const rs = sys.data.find(entity, query);
const items = [];
while (rs.hasNext()) items.push(rs.next());
return { items, total: sys.data.count(entity, filters) };`;

/** One record, or null. */
export const GET = `return sys.data.findById(entity, id);`;

/** Creates a record from top-level fields. */
export const CREATE = `
const r = sys.data.createRecord(entity);
for (const k of Object.keys(fields)) r.field(k).val(fields[k]);
return sys.data.save(r);`;

/** Changes top-level fields of a record; null when it does not exist (or is out of reach). */
export const PATCH = `
const r = sys.data.findById(entity, id);
if (!r) return null;
for (const k of Object.keys(fields)) r.field(k).val(fields[k]);
return sys.data.save(r);`;

/** Removes a record; null when it does not exist (or is out of reach). */
export const REMOVE = `
const r = sys.data.findById(entity, id);
if (!r) return null;
return sys.data.remove(r);`;
