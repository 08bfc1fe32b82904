import type { Fields } from '@warden/sys-api';

type Tree = { [key: string]: Tree | true };

function buildTree(paths: string[]): Tree {
  const root: Tree = {};
  for (const path of paths) {
    const segments = path.split('.');
    let node = root;
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i] as string;
      const existing = Object.hasOwn(node, s) ? node[s] : undefined;
      if (existing === true) break; // a parent already takes everything under it
      if (i === segments.length - 1) node[s] = true;
      else {
        const child: Tree = existing ?? {};
        node[s] = child;
        node = child;
      }
    }
  }
  return root;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function pick(value: Record<string, unknown>, tree: Tree, keepId: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (keepId && Object.hasOwn(value, 'id')) out.id = value.id;
  for (const key of Object.keys(tree)) {
    if (!Object.hasOwn(value, key)) continue;
    const sub = tree[key] as Tree | true;
    const v = value[key];
    if (sub === true || v === null || v === undefined) out[key] = v;
    else if (Array.isArray(v)) out[key] = v.map((item) => (isObject(item) ? pick(item, sub, true) : item));
    else if (isObject(v)) out[key] = pick(v, sub, false);
    else out[key] = v;
  }
  return out;
}

/**
 * Keeps only the `_fields` paths of a record's fields. A parent path includes its children;
 * a child path keeps just that child in each item (items of multi-valued nested fields keep their `id`).
 */
export function projectFields(fields: Fields, paths: string[] | null): Fields {
  return paths ? pick(fields, buildTree(paths), false) : fields;
}
