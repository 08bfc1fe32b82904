import type { EntitySchema } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { applyHookEdits, hookRecord } from './hook-records.js';

const text = (name: string, writeOnly = false) => ({
  name,
  type: 'text' as const,
  multiple: false,
  required: false,
  ...(writeOnly ? { writeOnly } : {}),
});
const users: EntitySchema = {
  name: 'sys.users',
  fields: {
    email: text('email'),
    sendWelcomeEmail: { ...text('sendWelcomeEmail', true), type: 'boolean' },
    authentication: {
      name: 'authentication',
      type: 'nested',
      multiple: false,
      required: false,
      fields: {
        password: text('password', true),
        passwordExpired: { ...text('passwordExpired'), type: 'boolean' },
      },
    },
  },
};
const pending = () => ({
  id: 'u1',
  version: 1,
  label: null,
  fields: {
    email: 'a@b.io',
    sendWelcomeEmail: true,
    authentication: { password: 'Secret-1', passwordExpired: false },
  },
});

describe('hook records', () => {
  it('hand hooks a copy with write-only values nulled', () => {
    const p = pending();
    const r = hookRecord(users, 'sys.users', p);
    expect(r.fields).toEqual({
      email: 'a@b.io',
      sendWelcomeEmail: null,
      authentication: { password: null, passwordExpired: false },
    });
    expect(p.fields.authentication.password).toBe('Secret-1');
  });

  it('copy back what the hook changed, never a write-only value, and refuse prototype keys', () => {
    const p = pending();
    const given = hookRecord(users, 'sys.users', p);
    const returned = structuredClone(given);
    returned.fields.email = 'c@d.io';
    returned.fields.authentication = { password: 'hook-set', passwordExpired: true };
    returned.fields.sendWelcomeEmail = false;
    returned.fields.unknown = 1;
    applyHookEdits(users, p, given, returned);
    expect(p.fields).toEqual({
      email: 'c@d.io',
      sendWelcomeEmail: true,
      authentication: { password: 'Secret-1', passwordExpired: true },
    });
    const evil = structuredClone(given);
    evil.fields = JSON.parse('{"email": {"__proto__": {"x": 1}}}');
    expect(() => applyHookEdits(users, p, given, evil)).toThrow(
      "before-hook record: the key '__proto__' is not allowed",
    );
  });
});
