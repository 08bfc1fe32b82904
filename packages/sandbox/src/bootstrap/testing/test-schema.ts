import type { AppSchema, FieldSchema } from '@warden/sys-api';

type Spec = Partial<FieldSchema> & { type: FieldSchema['type'] };

/** Field schemas from short specs: `{name: {type: 'text'}}`. */
function fields(specs: Record<string, Spec>): Record<string, FieldSchema> {
  const out: Record<string, FieldSchema> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = { name, multiple: false, required: false, ...spec };
  }
  return out;
}

/** The app the bootstrap tests run against: the built-in sys.users plus a companies entity. */
export const TEST_SCHEMA: AppSchema = {
  name: 'bootstrap-tests',
  baseUrl: 'https://app.test',
  entities: {
    'sys.users': {
      name: 'sys.users',
      label: '{firstName} {lastName}',
      fields: fields({
        firstName: { type: 'text', required: true },
        lastName: { type: 'text', required: true },
        email: { type: 'email', required: true },
        status: { type: 'choice', options: ['ACTIVE', 'INACTIVE', 'BLOCKED'], default: 'ACTIVE' },
        groups: {
          type: 'nested',
          multiple: true,
          fields: fields({ group: { type: 'group' }, primary: { type: 'boolean' } }),
        },
        identityProviders: {
          type: 'nested',
          multiple: true,
          fields: fields({ identityProvider: { type: 'text' }, externalId: { type: 'text' } }),
        },
        timezone: { type: 'text' },
        expirationDate: { type: 'dateTime' },
        sendWelcomeEmail: { type: 'boolean', writeOnly: true },
        authentication: {
          type: 'nested',
          fields: fields({
            password: { type: 'text', writeOnly: true },
            passwordConfirmation: { type: 'text', writeOnly: true },
            newPassword: { type: 'text', writeOnly: true },
            generatePassword: { type: 'boolean', writeOnly: true },
            passwordExpired: { type: 'boolean' },
          }),
        },
      }),
    },
    companies: {
      name: 'companies',
      label: 'name',
      fields: fields({
        name: { type: 'text', required: true },
        type: { type: 'choice', options: ['a', 'b', 'c'] },
        isCustomer: { type: 'boolean' },
        employees: { type: 'integer' },
        revenue: { type: 'decimal' },
        founded: { type: 'date' },
        updatedAt: { type: 'dateTime' },
        notes: { type: 'longText' },
        tags: { type: 'text', multiple: true },
        addresses: {
          type: 'nested',
          multiple: true,
          fields: fields({ street: { type: 'text' }, state: { type: 'text' }, zip: { type: 'integer' } }),
        },
        contact: {
          type: 'nested',
          fields: fields({ email: { type: 'email' }, phone: { type: 'text' }, since: { type: 'dateTime' } }),
        },
        owner: { type: 'relationship', entity: 'sys.users' },
        parent: { type: 'relationship', entity: 'companies' },
        partners: { type: 'relationship', entity: 'companies', multiple: true },
        meta: { type: 'json' },
        team: { type: 'group' },
        secret: { type: 'text', writeOnly: true },
        opensAt: { type: 'time' },
        budget: { type: 'money' },
        homepage: { type: 'url' },
        rank: { type: 'rank' },
        rating: { type: 'integer', default: 3 },
      }),
    },
  },
  groups: [
    { id: 'g-1', name: 'Group1', label: 'Group One' },
    { id: 'g-2', name: 'admins', label: 'Administrators' },
    { id: 'g-3', name: 'devs', label: 'Developers' },
  ],
  identityProviders: [
    { id: '__slingr__', name: 'slingr', label: 'Slingr', type: 'slingr' },
    { id: 'idp-slack', name: 'slack', label: 'Slack', type: 'oauth' },
  ],
  endpoints: [{ name: 'http', perUser: true }],
};
