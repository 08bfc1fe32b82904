import type { FieldType } from '@warden/sys-api';
import { type EntityDef, type FieldDef, USERS_ENTITY } from './app-definition.js';

/** A normalized field definition with every flag off unless given. */
export function fieldDef(type: FieldType, extra: Partial<FieldDef> = {}): FieldDef {
  return {
    type,
    multiple: false,
    required: false,
    unique: false,
    indexed: false,
    writeOnly: false,
    ...extra,
  };
}

/** The fields of the built-in `sys.users` entity, as docs/architecture.md lists them. */
export function builtinUserFields(): Record<string, FieldDef> {
  return {
    firstName: fieldDef('text', { required: true }),
    lastName: fieldDef('text', { required: true }),
    // Unique case-insensitively: email fields are indexed on lower(...).
    email: fieldDef('email', { required: true, unique: true }),
    status: fieldDef('choice', { options: ['ACTIVE', 'INACTIVE', 'BLOCKED'], default: 'ACTIVE' }),
    groups: fieldDef('nested', {
      multiple: true,
      fields: { group: fieldDef('group', { required: true }), primary: fieldDef('boolean') },
    }),
    identityProviders: fieldDef('nested', {
      multiple: true,
      fields: { identityProvider: fieldDef('text', { required: true }), externalId: fieldDef('text') },
    }),
    timezone: fieldDef('text'),
    expirationDate: fieldDef('dateTime'),
    sendWelcomeEmail: fieldDef('boolean', { writeOnly: true }),
    authentication: fieldDef('nested', {
      fields: {
        password: fieldDef('text', { writeOnly: true }),
        passwordConfirmation: fieldDef('text', { writeOnly: true }),
        newPassword: fieldDef('text', { writeOnly: true }),
        generatePassword: fieldDef('boolean', { writeOnly: true }),
        passwordExpired: fieldDef('boolean'),
      },
    }),
  };
}

/** The `sys.users` entity: built-in fields first, then the app's `users.fields`. */
export function usersEntity(extra: Record<string, FieldDef>): EntityDef {
  return {
    name: USERS_ENTITY,
    label: '{firstName} {lastName}',
    fields: { ...builtinUserFields(), ...extra },
  };
}
