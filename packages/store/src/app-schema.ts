import type { AppSchema, EntitySchema, FieldSchema } from '@warden/sys-api';
import type { AppDefinition, EntityDef, FieldDef } from './app-definition.js';

function fieldSchema(name: string, def: FieldDef): FieldSchema {
  const out: FieldSchema = { name, type: def.type, multiple: def.multiple, required: def.required };
  if (def.options) out.options = [...def.options];
  if (def.entity) out.entity = def.entity;
  if (def.fields) out.fields = fieldSchemas(def.fields);
  if (def.writeOnly) out.writeOnly = true;
  if (def.default !== undefined) out.default = structuredClone(def.default);
  return out;
}

function fieldSchemas(defs: Record<string, FieldDef>): Record<string, FieldSchema> {
  return Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, fieldSchema(name, def)]));
}

/** The schema of one entity, as Records and the query compiler see it. */
export function entitySchema(entity: EntityDef): EntitySchema {
  const out: EntitySchema = { name: entity.name, fields: fieldSchemas(entity.fields) };
  if (entity.label !== undefined) out.label = entity.label;
  if (entity.globalSearch) out.globalSearch = true;
  return out;
}

/** Stable ids of groups and identity providers, by name. */
export interface StableIds {
  groups: ReadonlyMap<string, string>;
  identityProviders: ReadonlyMap<string, string>;
}

/** Builds the JSON-safe AppSchema that crosses into isolates. */
export function buildAppSchema(app: AppDefinition, ids: StableIds): AppSchema {
  return {
    name: app.name,
    baseUrl: app.baseUrl,
    entities: Object.fromEntries(Object.entries(app.entities).map(([name, e]) => [name, entitySchema(e)])),
    groups: app.groups.map((g) => ({ id: ids.groups.get(g.name)!, name: g.name, label: g.label })),
    identityProviders: app.identityProviders.map((x) => ({
      id: ids.identityProviders.get(x.name)!,
      name: x.name,
      label: x.label,
      type: x.type,
    })),
    endpoints: app.endpoints.map((e) => ({ ...e })),
  };
}
