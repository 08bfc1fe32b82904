import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@warden/store';
import { isWardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthz } from './authz.js';

export const helpDesk = (authorization: Record<string, unknown>) => ({
  name: 'desk',
  groups: [
    { name: 'agents', label: 'Agents' },
    { name: 'leads', label: 'Leads' },
  ],
  entities: {
    teams: { label: 'name', fields: { name: { type: 'text' } } },
    tickets: {
      label: 'title',
      fields: {
        title: { type: 'text' },
        owner: { type: 'relationship', entity: 'sys.users' },
        team: { type: 'relationship', entity: 'teams' },
        priority: { type: 'integer' },
        secret: { type: 'text' },
      },
    },
  },
  authorization,
});

const MODEL = {
  roles: {
    agent: {
      permissions: ['tickets:reply'],
      entities: {
        tickets: {
          create: 'always',
          access: { owner: '$currentUser.id' },
          edit: { owner: '$currentUser.id' },
          fields: { secret: 'none', priority: 'read-only' },
        },
        teams: { access: 'always' },
      },
    },
    supervisor: {
      permissions: ['tickets:assign'],
      entities: { tickets: { access: 'always', edit: 'always' } },
    },
  },
  groups: { agents: { roles: ['agent'] } },
};

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'authz-'));
  store = openStore({ database: join(dir, 'db.sqlite'), app: helpDesk(MODEL) });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = (email: string, groups: string[] = []) =>
  store.insert('sys.users', {
    firstName: 'A',
    lastName: 'B',
    email,
    groups: groups.map((g, i) => ({ group: g, primary: i === 0 })),
  });

describe('the authorization model', () => {
  it('names every problem by its path', () => {
    const bad = helpDesk({
      roles: {
        agent: {
          permissions: ['ok', 3],
          entities: {
            tickets: { access: { nope: '$currentUser.id' }, edit: 'sometimes', fields: { secret: 'hidden' } },
            ghosts: { access: 'always' },
          },
        },
      },
      groups: { nobody: { roles: ['agent'] }, agents: { roles: ['king'] } },
      extra: 1,
    });
    const s = openStore({ database: join(dir, 'bad.sqlite'), app: bad });
    try {
      createAuthz(s);
      expect.unreachable();
    } catch (e) {
      expect(isWardenError(e) && e.code).toBe('badRequest');
      const fields = (e as { errors: { field: string }[] }).errors.map((x) => x.field);
      expect(fields.sort()).toEqual(
        [
          'authorization.extra',
          'authorization.roles.agent.permissions[1]',
          'authorization.roles.agent.entities.tickets.access',
          'authorization.roles.agent.entities.tickets.edit',
          'authorization.roles.agent.entities.tickets.fields.secret',
          'authorization.roles.agent.entities.ghosts',
          'authorization.groups.nobody',
          'authorization.groups.agents.roles[0]',
        ].sort(),
      );
    } finally {
      s.close();
    }
  });

  it('a placeholder naming no user field is refused', () => {
    const s = openStore({
      database: join(dir, 'p.sqlite'),
      app: helpDesk({
        roles: { r: { entities: { tickets: { access: { title: '$currentUser.shoeSize' } } } } },
      }),
    });
    expect(() => createAuthz(s)).toThrow(
      /authorization.roles.r.entities.tickets.access: \$currentUser.shoeSize/,
    );
    s.close();
  });
});

describe('roles and rights', () => {
  it('groups grant roles, users hold roles directly, permissions follow', () => {
    const authz = createAuthz(store);
    const ann = user('ann@x.io', ['agents']);
    const bob = user('bob@x.io');
    expect(authz.getRoles(ann.id!)).toEqual(['agent']);
    expect(authz.hasPermission('ann@x.io', 'tickets:reply')).toBe(true);
    expect(authz.hasPermission(bob.id!, 'tickets:reply')).toBe(false);
    expect(authz.addRole(bob.id!, 'supervisor')).toEqual(['supervisor']);
    expect(authz.hasRole(bob, 'supervisor')).toBe(true);
    expect(authz.removeRole(bob.id!, 'supervisor')).toEqual([]);
    expect(() => authz.addRole(bob.id!, 'king')).toThrow(/addRole: role 'king' does not exist/);
    const rights = authz.permissionsOf(ann.id!);
    expect(rights.entities.tickets!.access).toEqual({ owner: ann.id });
    expect(rights.entities.tickets!.fields).toMatchObject({
      secret: 'none',
      priority: 'read-only',
      title: 'read-write',
    });
    expect(rights.entities['sys.users']!.access).toBe('never');
  });

  it('the scoped reader filters every read path in its SQL and hides fields', () => {
    const authz = createAuthz(store);
    const ann = user('ann@x.io', ['agents']);
    const bob = user('bob@x.io', ['agents']);
    const team = store.insert('teams', { name: 'red' });
    const mine = store.insert('tickets', {
      title: 'mine',
      owner: ann.id,
      team: team.id,
      secret: 's1',
      priority: 1,
    });
    const theirs = store.insert('tickets', {
      title: 'theirs',
      owner: bob.id,
      team: team.id,
      secret: 's2',
      priority: 2,
    });
    const r = store.scoped(authz.accessRules(authz.permissionsOf(ann.id!)));
    expect([...r.find('tickets')].map((t) => t.fields.title)).toEqual(['mine']);
    expect(r.count('tickets', { secret: 's2' })).toBe(0);
    expect(r.count('tickets', { secret: 's1' })).toBe(0); // hidden: not even filterable
    expect(r.find('tickets').take(1)[0]!.fields.secret).toBeNull();
    expect(r.findById('tickets', theirs.id!)).toBeNull();
    expect(r.findRowJsonById('tickets', mine.id!)).not.toContain('s1');
    expect(r.findOne('tickets', theirs.id!)).toBeNull();
    expect(r.resolveRelationship('tickets', 'theirs')).toBeNull();
    const looked = r
      .aggregate('teams', [
        { lookup: { localFieldPath: 'id', foreignFieldPath: 'team', foreignEntityName: 'tickets', as: 't' } },
      ])
      .take(10);
    expect((looked[0]!.t as { title: string }[]).map((t) => t.title)).toEqual(['mine']);
    expect(r.aggregate('tickets', [{ group: { by: 'owner', n: 'count()' } }]).take(10)).toHaveLength(1);
    expect(r.count('sys.users')).toBe(0);
    expect(r.matches('tickets', theirs.id!, [{ owner: ann.id! }])).toBe(false);
    expect(r.matches('tickets', mine.id!, [{ owner: ann.id! }])).toBe(true);
  });

  it('a record whose label is made from a hidden field reads with no label', () => {
    const t = store.insert('tickets', { title: 'the secret title', secret: 's' });
    const hiding = (hidden: string[]) => store.scoped({ tickets: { where: 'all', hidden } });
    expect(hiding(['title']).findById('tickets', t.id!)!.label).toBeNull();
    expect(hiding(['title']).findRowJsonById('tickets', t.id!)).not.toContain('the secret title');
    expect([...hiding(['title']).find('tickets')].map((r) => r.label)).toEqual([null]);
    expect(hiding(['secret']).findById('tickets', t.id!)!.label).toBe('the secret title');
  });
});
