import { openStore } from '@warden/store';
import { openPgStore, type RecordStore } from '@warden/store-postgres';

/** The app every backend suite runs on. */
export const APP = {
  name: 'backends',
  baseUrl: 'https://app.example.com',
  entities: {
    companies: {
      label: 'name',
      fields: {
        name: { type: 'text', required: true, unique: true },
        email: { type: 'email', unique: true },
        employees: { type: 'integer' },
        active: { type: 'boolean', default: true },
        founded: { type: 'date' },
        tags: { type: 'text', multiple: true },
      },
    },
    contacts: {
      label: 'name',
      fields: {
        name: { type: 'text', required: true },
        company: { type: 'relationship', entity: 'companies' },
      },
    },
  },
};

/** Opens a store on `database` (a file path or a postgres:// URL). */
export function openBackend(database: string): RecordStore {
  return database.startsWith('postgres')
    ? openPgStore({ database, app: APP })
    : openStore({ database, app: APP });
}
