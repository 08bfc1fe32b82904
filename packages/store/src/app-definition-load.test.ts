import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WardenError } from '@warden/sys-api';
import { describe, expect, it } from 'vitest';
import { loadAppDefinition } from './app-definition-load.js';
import { sampleApp, tempDir } from './test-kit.js';

/** The `errors` of the badRequest that loading `input` throws. */
function problemsOf(input: unknown): { field: string; code: string; message: string }[] {
  try {
    loadAppDefinition(input as object);
  } catch (error) {
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('badRequest');
    return (error as WardenError).errors;
  }
  throw new Error('expected the definition to be refused');
}

const app = (entities: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'x',
  entities,
  ...extra,
});

describe('loadAppDefinition', () => {
  it('normalizes a valid definition and adds the built-in sys.users', () => {
    const def = loadAppDefinition(sampleApp());
    expect(Object.keys(def.entities)).toEqual(['sys.users', 'companies', 'contacts']);
    expect(def.entities.companies!.fields.name).toMatchObject({
      type: 'text',
      required: true,
      unique: true,
      multiple: false,
      max: 40,
    });
    expect(def.entities.companies!.fields.type!.default).toBe('a');
    expect(def.entities['sys.users']!.label).toBe('{firstName} {lastName}');
    expect(def.groups[1]).toEqual({
      name: 'staff',
      label: 'Staff',
      passwordPolicy: { minLength: 10, digit: true },
    });
    expect(def.endpoints).toEqual([{ name: 'slack', perUser: true }]);
    expect(def.hooks).toEqual([]);
    expect(loadAppDefinition(def)).toBe(def);
  });

  it('reads a JSON file path; a broken or missing file is badRequest naming the file, line and column or cause', () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'app.json'), JSON.stringify(sampleApp()));
      expect(loadAppDefinition(join(dir, 'app.json')).name).toBe('sample');
      writeFileSync(join(dir, 'bad.json'), '{ "name": ');
      expect(() => loadAppDefinition(join(dir, 'bad.json'))).toThrow(
        /bad\.json:1:11: the file is not valid JSON/,
      );
      writeFileSync(join(dir, 'bad-line.json'), '{\n  "name": "x",\n  "entities": {,}\n}');
      expect(() => loadAppDefinition(join(dir, 'bad-line.json'))).toThrow(/bad-line\.json:3:16: /);
      // Node 20 gives no position for an unexpected token: the location is found all the same.
      writeFileSync(join(dir, 'bad-token.json'), '{\n  "a": ,\n  "b": 1\n}');
      expect(() => loadAppDefinition(join(dir, 'bad-token.json'))).toThrow(/bad-token\.json:2:8: /);
      expect(() => loadAppDefinition(join(dir, 'missing.json'))).toThrow(
        expect.objectContaining({ code: 'badRequest' }),
      );
      try {
        loadAppDefinition(join(dir, 'missing.json'));
      } catch (e) {
        expect((e as Error).message).not.toContain(dir);
        expect((e as Error).message).toContain("file 'missing.json': no such file");
      }
    } finally {
      cleanup();
    }
  });

  it('reports every problem at once, each with its path', () => {
    const errors = problemsOf({
      entities: {
        companies: {
          fields: {
            type: { type: 'choice', options: [] },
            size: { type: 'integr' },
            owner: { type: 'relationship', entity: 'people' },
            'bad name': { type: 'text' },
            id: { type: 'text' },
            code: { type: 'text', unique: 'yes', colour: 'red' },
            zip: { type: 'text', pattern: '(' },
            rank: { type: 'integer', min: 5, max: 1 },
            flag: { type: 'boolean', options: ['a'] },
            born: { type: 'date', min: '2020-02-30' },
            tags: { type: 'text', multiple: true, unique: true },
            nest: { type: 'nested', fields: { deep: { type: 'text', unique: true } } },
            empty: { type: 'nested' },
            level: { type: 'integer', default: 1.5 },
          },
        },
        '1st': { fields: { a: { type: 'text' } } },
      },
      groups: [{ name: 'admins' }, { name: 'admins' }, { name: 'has space' }],
      mail: { from: 'nobody', templates: { hello: { subject: 's', text: 't' } } },
      surprise: true,
    });
    const at = (field: string) => errors.filter((e) => e.field === field).map((e) => e.code);
    expect(at('name')).toEqual(['required']);
    expect(at('entities.companies.fields.type.options')).toEqual(['invalid']);
    expect(errors.find((e) => e.field === 'entities.companies.fields.type.options')!.message).toMatch(
      /non-empty options/,
    );
    expect(at('entities.companies.fields.size.type')).toEqual(['unknownType']);
    expect(at('entities.companies.fields.owner.entity')).toEqual(['unknownEntity']);
    expect(at('entities.companies.fields.bad name')).toEqual(['identifier']);
    expect(at('entities.companies.fields.id')).toEqual(['reserved']);
    expect(at('entities.companies.fields.code.unique')).toEqual(['type']);
    expect(at('entities.companies.fields.code.colour')).toEqual(['unknownKey']);
    expect(at('entities.companies.fields.zip.pattern')).toEqual(['invalid']);
    expect(at('entities.companies.fields.rank.min')).toEqual(['invalid']);
    expect(at('entities.companies.fields.flag.options')).toEqual(['invalid']);
    expect(at('entities.companies.fields.born.min')).toEqual(['type']);
    expect(at('entities.companies.fields.tags.unique')).toEqual(['invalid']);
    expect(at('entities.companies.fields.nest.fields.deep.unique')).toEqual(['invalid']);
    expect(at('entities.companies.fields.empty.fields')).toEqual(['invalid']);
    expect(at('entities.companies.fields.level.default')).toEqual(['type']);
    expect(at('entities.1st')).toEqual(['identifier']);
    expect(at('groups[1].name')).toEqual(['duplicate']);
    expect(at('groups[2].name')).toEqual(['identifier']);
    expect(at('mail.from')).toEqual(['invalid']);
    expect(at('mail.templates.hello')).toEqual(['unknownKey']);
    expect(at('surprise')).toEqual(['unknownKey']);
  });

  it('rejects __proto__, constructor and prototype keys anywhere, and keeps checking', () => {
    const raw = JSON.parse(
      '{"name":"x","__proto__":{"polluted":1},"entities":{"a":{"fields":{"constructor":{"type":"text"},"n":{"type":"json","default":{"prototype":1}}}}}}',
    );
    const errors = problemsOf({
      ...raw,
      entities: { ...raw.entities, b: { fields: { x: { type: 'nope' } } } },
    });
    const codes = errors.map((e) => `${e.field}:${e.code}`);
    expect(codes).toContain('entities.a.fields.constructor:forbiddenKey');
    expect(codes).toContain('entities.a.fields.n.default.prototype:forbiddenKey');
    expect(codes).toContain('entities.b.fields.x.type:unknownType');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(problemsOf(raw).map((e) => e.field)).toContain('__proto__');
  });

  it('checks labels, users.fields, providers and endpoints', () => {
    const errors = problemsOf(
      app(
        { a: { label: '{missing} {n}', fields: { n: { type: 'text' } } } },
        {
          users: { fields: { email: { type: 'text' }, nickname: { type: 'text' } } },
          identityProviders: [{ name: 'google', label: 'G' }],
          endpoints: [{ name: 'slack', perUser: 'yes' }],
          hooks: 'nope',
        },
      ),
    );
    const codes = errors.map((e) => `${e.field}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'entities.a.label:unknownField',
        'users.fields.email:duplicate',
        'identityProviders[0].type:type',
        'endpoints[0].perUser:type',
        'hooks:type',
      ]),
    );
    expect(codes.some((c) => c.startsWith('users.fields.nickname'))).toBe(false);
  });

  it('extends sys.users with users.fields and lets relationships point at sys.users', () => {
    const def = loadAppDefinition(
      app(
        { tasks: { fields: { owner: { type: 'relationship', entity: 'sys.users' } } } },
        { users: { fields: { phone: { type: 'text' } } } },
      ),
    );
    expect(Object.keys(def.entities['sys.users']!.fields)).toEqual(
      expect.arrayContaining(['email', 'authentication', 'phone']),
    );
    expect(def.entities['sys.users']!.fields.authentication!.fields!.password!.writeOnly).toBe(true);
    expect(def.entities.tasks!.fields.owner!.entity).toBe('sys.users');
  });

  it('refuses non-objects and entity names that clash with tables', () => {
    expect(() => loadAppDefinition(42 as unknown as object)).toThrow(/plain object/);
    expect(problemsOf(app({ sys_users: { fields: { a: { type: 'text' } } } })).map((e) => e.code)).toContain(
      'duplicate',
    );
    expect(
      problemsOf(
        app({ Foo: { fields: { a: { type: 'text' } } }, foo: { fields: { a: { type: 'text' } } } }),
      ).map((e) => e.field),
    ).toContain('entities.foo');
  });
});
