/**
 * The JSON-safe description of an app that crosses into the isolate once per run, so that
 * Records and Wrappers know each field's type without a host call. The store produces it.
 */
export type FieldType =
  | 'text'
  | 'longText'
  | 'email'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'dateTime'
  | 'choice'
  | 'relationship'
  | 'nested'
  | 'json'
  | 'group'
  | 'money'
  | 'time'
  | 'url'
  | 'rank';

export interface FieldSchema {
  name: string;
  type: FieldType;
  multiple: boolean;
  required: boolean;
  /** Choice codes, for `choice`. */
  options?: string[];
  /** Target entity, for `relationship`. */
  entity?: string;
  /** Child fields, for `nested`. */
  fields?: Record<string, FieldSchema>;
  /** Accepted on save, never stored as given, always read back as null (passwords). */
  writeOnly?: boolean;
  default?: unknown;
}

export interface EntitySchema {
  name: string;
  /** The field whose value (or the template, `{firstName} {lastName}`) becomes the record label. */
  label?: string;
  fields: Record<string, FieldSchema>;
  /** The entity keeps a full-text index for `_globalSearch` (app definition `globalSearch: true`). */
  globalSearch?: boolean;
}

export interface GroupSchema {
  id: string;
  name: string;
  label: string;
}

export interface IdentityProviderSchema {
  id: string;
  name: string;
  label: string;
  type: string;
}

export interface EndpointSchema {
  name: string;
  perUser: boolean;
}

export interface AppSchema {
  name: string;
  baseUrl: string;
  entities: Record<string, EntitySchema>;
  groups: GroupSchema[];
  identityProviders: IdentityProviderSchema[];
  endpoints: EndpointSchema[];
  /**
   * The app's libraries (`app.<name>` in scripts), added by the runtime: each a script that fills
   * `exports`, compiled once per isolate and run in a context on its first use there.
   */
  libraries?: LibrarySchema[];
}

/** One app library: `name` is its dotted path under `app` (`commons.stringUtils`). */
export interface LibrarySchema {
  name: string;
  source: string;
}

/** Field values of one record, keyed by field name. Nested items carry a system `id`. */
export type Fields = Record<string, unknown>;

/**
 * A record as it crosses the bridge and leaves the store. Values are JSON: dateTime is epoch
 * milliseconds, date is `YYYY-MM-DD`, a relationship is `{id, label}`, multi-valued fields are arrays.
 */
export interface RecordData {
  id: string | null;
  version: number;
  label: string | null;
  fields: Fields;
}

export interface WireRecord extends RecordData {
  entity: string;
}
