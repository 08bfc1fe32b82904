import type { AppSchema, FieldSchema } from '@warden/sys-api';
import Database from 'better-sqlite3';
import { compileSelectPage, parseQuery, tableName } from './index.js';

const f = (name: string, type: FieldSchema['type'], extra: Partial<FieldSchema> = {}): FieldSchema => ({
  name,
  type,
  multiple: false,
  required: false,
  ...extra,
});

/** A small app covering every field type family, used by the query tests. */
export const app: AppSchema = {
  name: 'test',
  baseUrl: 'http://localhost',
  groups: [],
  identityProviders: [],
  endpoints: [],
  entities: {
    companies: {
      name: 'companies',
      label: 'name',
      fields: {
        name: f('name', 'text'),
        notes: f('notes', 'longText'),
        email: f('email', 'email'),
        type: f('type', 'choice', { options: ['a', 'b', 'c'] }),
        isCustomer: f('isCustomer', 'boolean'),
        employees: f('employees', 'integer'),
        revenue: f('revenue', 'decimal'),
        founded: f('founded', 'date'),
        lastContact: f('lastContact', 'dateTime'),
        owner: f('owner', 'relationship', { entity: 'contacts' }),
        partners: f('partners', 'relationship', { entity: 'contacts', multiple: true }),
        tags: f('tags', 'text', { multiple: true }),
        team: f('team', 'group'),
        settings: f('settings', 'json'),
        secret: f('secret', 'text', { writeOnly: true }),
        hq: f('hq', 'nested', { fields: { city: f('city', 'text'), size: f('size', 'integer') } }),
        addresses: f('addresses', 'nested', {
          multiple: true,
          fields: {
            state: f('state', 'text'),
            zipCode: f('zipCode', 'text'),
            phones: f('phones', 'text', { multiple: true }),
          },
        }),
      },
    },
    contacts: {
      name: 'contacts',
      label: 'firstName',
      fields: {
        firstName: f('firstName', 'text'),
        company: f('company', 'relationship', { entity: 'companies' }),
        score: f('score', 'integer'),
      },
    },
  },
};

/** Ids in insertion order, shaped like UUIDv7 so `_offset` accepts them. */
export const idOf = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

export interface TestDb {
  db: Database.Database;
  insert(entity: string, fields: Record<string, unknown>): string;
  /** The `name` (or `firstName`) of the records a query map finds, in query order. */
  find(entity: string, query: Record<string, unknown> | null): string[];
  close(): void;
}

/** An in-memory database with the record tables and a case-insensitive `regexp(pattern, value)`. */
export function openTestDb(): TestDb {
  const db = new Database(':memory:');
  db.function('regexp', { deterministic: true }, (pattern, value) =>
    value === null ? null : new RegExp(String(pattern), 'i').test(String(value)) ? 1 : 0,
  );
  for (const entity of Object.keys(app.entities)) {
    db.exec(
      `CREATE TABLE ${tableName(entity)} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, label TEXT, data TEXT NOT NULL)`,
    );
  }
  let next = 1;
  return {
    db,
    insert(entity, fields) {
      const id = idOf(next++);
      const label = String(fields.name ?? fields.firstName ?? '');
      db.prepare(`INSERT INTO ${tableName(entity)} VALUES (?, 1, ?, ?)`).run(
        id,
        label,
        JSON.stringify(fields),
      );
      return id;
    },
    find(entity, query) {
      const schema = app.entities[entity];
      if (!schema) throw new Error(`no entity ${entity}`);
      const q = parseQuery(schema, query, app);
      const { text, params } = compileSelectPage(tableName(entity), q, null, q.size ?? 10_000);
      const rows = db.prepare(text).all(...params) as { data: string }[];
      return rows.map((r) => {
        const data = JSON.parse(r.data) as Record<string, unknown>;
        return String(data.name ?? data.firstName);
      });
    },
    close: () => db.close(),
  };
}
