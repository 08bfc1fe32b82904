import type { WardenError } from '@warden/sys-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUsersHarness, TEST_APP, type UsersHarness } from './testing/users-harness.js';
import { openUserSearch } from './user-search.js';

const APP = {
  ...TEST_APP,
  users: {
    states: true,
    trashRetentionDays: 7,
    identifiers: ['username'],
    fields: { nickname: { type: 'text' }, notes: { type: 'longText' } },
  },
};
const PASSWORD = 'Lifecycle-Pass-1';
const DAY = 86_400_000;
const codeOf = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (e) {
    return `${(e as WardenError).code}: ${(e as Error).message}`;
  }
  return 'no error';
};
const rows = (h: UsersHarness, table: string, id: string) =>
  (h.store.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE user_id = ?`).get(id) as { n: number }).n;

describe('user states', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({}, APP);
  });
  afterEach(() => h.close());

  it('trash refuses sign-in with the one forbidden answer, ends sessions, and restore brings it back', async () => {
    const u = h.createUser({ email: 'trash.me@test.com' }, PASSWORD);
    expect(u.fields.state).toBe('PUBLIC');
    const { session } = h.users.signIn('trash.me@test.com', PASSWORD) as { session: { token: string } };
    expect(h.users.setState(u.id!, 'TRASH')).toEqual({ changed: 1 });
    const trashed = h.store.findById('sys.users', u.id!)!;
    expect(trashed.fields).toMatchObject({ state: 'TRASH', trashedAt: h.clock.now });
    expect(await codeOf(() => h.users.verify(session.token))).toMatch(/^forbidden/);
    const refused = await codeOf(() => h.users.signIn('trash.me@test.com', PASSWORD));
    const wrong = await codeOf(() => h.users.signIn('trash.me@test.com', 'not-the-password'));
    expect(refused).toBe('forbidden: signIn: invalid email or password');
    expect(refused).toBe(wrong);
    expect(h.events.filter((e) => e.type === 'user.signInFailed').map((e) => e.data.reason)).toContain(
      'notPublic',
    );
    expect(h.users.restore(u.id!).fields).toMatchObject({ state: 'PUBLIC', trashedAt: null });
    expect(h.users.signIn('trash.me@test.com', PASSWORD)).toMatchObject({ status: 'ok' });
    expect(h.events.filter((e) => e.type === 'user.stateChanged').map((e) => e.data)).toEqual([
      { from: 'PUBLIC', to: 'TRASH' },
      { from: 'TRASH', to: 'PUBLIC' },
    ]);
  });

  it('draft users cannot sign in either; a new user cannot start in TRASH', async () => {
    h.createUser({ email: 'draft@test.com', state: 'DRAFT' }, PASSWORD);
    expect(await codeOf(() => h.users.signIn('draft@test.com', PASSWORD))).toMatch(/^forbidden/);
    expect(await codeOf(() => h.createUser({ state: 'TRASH' }))).toMatch(/^validationErrors/);
  });

  it('changes states in bulk by query, in one transaction, skipping users already there', () => {
    const smiths = [h.createUser({ lastName: 'Smith' }), h.createUser({ lastName: 'Smith' })];
    const other = h.createUser({ lastName: 'Jones' });
    h.users.setState(smiths[0]!.id!, 'DRAFT');
    expect(h.users.setState({ lastName: 'Smith' }, 'DRAFT')).toEqual({ changed: 1 });
    expect(h.users.setState({ lastName: 'Smith' }, 'TRASH')).toEqual({ changed: 2 });
    expect(h.store.findById('sys.users', other.id!)!.fields.state).toBe('PUBLIC');
  });

  it('purges only TRASH, after the retention, removing every row about the user', async () => {
    const u = h.createUser(
      { email: 'purge.me@test.com', firstName: 'Quenby', lastName: 'Zyxwarth' },
      PASSWORD,
    );
    h.users.signIn('purge.me@test.com', PASSWORD);
    h.users.patchMetadata(u.id!, { userMetadata: { a: 1 } });
    expect(await codeOf(() => h.users.setState(u.id!, 'DELETED'))).toMatch(
      /^forbidden: purge: user '.*' is PUBLIC/,
    );
    h.users.setState(u.id!, 'TRASH');
    h.clock.now += 6 * DAY;
    expect(h.users.purgeTrashed()).toBe(0);
    h.clock.now += DAY;
    expect(h.users.purgeTrashed()).toBe(1);
    expect(h.store.findById('sys.users', u.id!)).toBeNull();
    for (const t of ['users_credentials', 'users_sessions', 'users_login_stats', 'users_metadata']) {
      expect(rows(h, t, u.id!)).toBe(0);
    }
    const purged = h.events.find((e) => e.type === 'user.purged')!;
    expect(purged).toMatchObject({ recordId: u.id, record: null, oldRecord: null, data: {} });
    expect(h.users.search('Zyxwarth', { includeTrash: true }).total).toBe(0);
  });
});

describe('metadata', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({}, APP);
  });
  afterEach(() => h.close());

  it('merges RFC 7396 patches per part, emits one event naming the parts, and bounds the size', async () => {
    const u = h.createUser();
    expect(h.users.getMetadata(u.id!)).toEqual({ userMetadata: {}, appMetadata: {} });
    h.users.patchMetadata(u.id!, {
      userMetadata: { theme: 'dark', prefs: { a: 1, b: 2 } },
      appMetadata: { plan: 'pro' },
    });
    const after = h.users.patchMetadata(u.id!, { userMetadata: { prefs: { b: null, c: 3 } } });
    expect(after).toEqual({
      userMetadata: { theme: 'dark', prefs: { a: 1, c: 3 } },
      appMetadata: { plan: 'pro' },
    });
    expect(h.users.patchMetadata(u.id!, { userMetadata: { theme: 'dark' } })).toEqual(after); // no change
    const events = h.events.filter((e) => e.type === 'user.metadataChanged').map((e) => e.data.parts);
    expect(events).toEqual(['userMetadata,appMetadata', 'userMetadata']);
    const big = { blob: 'x'.repeat(9000) };
    h.users.patchMetadata(u.id!, { userMetadata: big });
    expect(
      await codeOf(() => h.users.patchMetadata(u.id!, { userMetadata: { more: 'y'.repeat(9000) } })),
    ).toMatch(/^badRequest: patchMetadata: userMetadata is \d+ bytes of JSON, more than the 16384 allowed/);
    expect(await codeOf(() => h.users.patchMetadata(u.id!, { other: {} } as never))).toMatch(/may hold only/);
    expect(h.users.patchMetadata(u.id!, { userMetadata: null }).userMetadata).toEqual({});
  });
});

describe('search', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({}, APP);
  });
  afterEach(() => h.close());

  it('finds by word prefix, substring and without accents, over names, email, username and text fields', () => {
    const jose = h.createUser({
      firstName: 'José',
      lastName: 'Müller',
      email: 'jm@corp.example',
      username: 'jmueller',
    });
    const ann = h.createUser({
      firstName: 'Ann',
      lastName: 'Smithers',
      email: 'ann@other.example',
      nickname: 'Nancy',
    });
    h.createUser({
      firstName: 'Bob',
      lastName: 'Stone',
      email: 'bob@other.example',
      notes: 'met at the fair',
    });
    const ids = (text: string) => h.users.search(text).users.map((u) => u.id);
    expect(ids('jose')).toEqual([jose.id]);
    expect(ids('MULL')).toEqual([jose.id]);
    expect(ids('ithe')).toEqual([ann.id]); // inside a word: trigrams
    expect(ids('nanc')).toEqual([ann.id]);
    expect(ids('jmuel')).toEqual([jose.id]);
    expect(ids('other.example')).toHaveLength(2);
    expect(ids('fair stone')).toHaveLength(1);
    expect(ids('ann zzz')).toEqual([]);
  });

  it('pages with a total, ranks word starts first, and leaves trashed users out unless asked', () => {
    for (let i = 0; i < 25; i++)
      h.createUser({ firstName: 'Pat', lastName: `Member${String(i).padStart(2, '0')}` });
    const inside = h.createUser({ firstName: 'Spat', lastName: 'Zed' });
    const page = h.users.search('pat', { limit: 10, offset: 20 });
    expect(page.total).toBe(26);
    expect(page.users.map((u) => u.fields.lastName)).toEqual([
      'Member20',
      'Member21',
      'Member22',
      'Member23',
      'Member24',
      'Zed',
    ]);
    h.users.setState(inside.id!, 'TRASH');
    expect(h.users.search('pat').total).toBe(25);
    expect(h.users.search('pat', { includeTrash: true }).total).toBe(26);
  });

  it('follows every write in its transaction: a rolled-back rename is not found', () => {
    const u = h.createUser({ firstName: 'Orla' });
    expect(() =>
      h.store.transaction(() => {
        h.store.update('sys.users', { ...u, fields: { ...u.fields, firstName: 'Wilhelmina' } });
        expect(h.users.search('wilhel').total).toBe(1);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(h.users.search('wilhel').total).toBe(0);
    expect(h.users.search('orla').total).toBe(1);
    h.store.remove('sys.users', u.id!);
    expect(h.users.search('orla').total).toBe(0);
  });

  it('indexes the users of a database that had no index when it is opened', () => {
    const u = h.createUser({ firstName: 'Thaddeus' });
    const db = h.store.db;
    for (const t of ['users_search_ai', 'users_search_au', 'users_search_ad']) db.exec(`DROP TRIGGER ${t}`);
    for (const t of ['users_search_words', 'users_search_grams', 'users_search_map'])
      db.exec(`DROP TABLE ${t}`);
    const index = openUserSearch({ store: h.store });
    expect([...index.matches('thadd', false)]).toEqual([u.id]);
  });

  it('rejects bad arguments with coded errors naming the call', async () => {
    expect(await codeOf(() => h.users.search(''))).toMatch(/^badRequest: search: text holds no word/);
    expect(await codeOf(() => h.users.search('a', { limit: 500 }))).toMatch(
      /limit must be an integer from 1 to 100/,
    );
    expect(await codeOf(() => h.users.search('"))) OR *'))).toBe('no error');
  });

  it('exists by identifier or by query', () => {
    h.createUser({ email: 'here@test.com', username: 'hereuser' });
    expect(h.users.exists('here@test.com')).toBe(true);
    expect(h.users.exists('HEREUSER')).toBe(true);
    expect(h.users.exists('gone@test.com')).toBe(false);
    expect(h.users.exists({ email: 'HERE@test.com' })).toBe(true);
    expect(h.users.exists({ lastName: 'nobody' })).toBe(false);
  });
});

describe('account merge', () => {
  let h: UsersHarness;
  beforeEach(() => {
    h = createUsersHarness({}, APP);
  });
  afterEach(() => h.close());

  it('moves identities, groups and metadata to the primary, ends the secondary sessions and trashes it', async () => {
    const primary = h.createUser({ groups: [{ group: 'Group1', primary: true }] }, PASSWORD);
    const secondary = h.createUser(
      {
        email: 'dup@test.com',
        groups: [{ group: 'guarded', primary: true }],
        identityProviders: [{ identityProvider: 'google', externalId: 'g-42' }],
      },
      PASSWORD,
    );
    h.users.addIdentityProvider(primary.id!, 'slack', 's-1');
    h.users.patchMetadata(primary.id!, { userMetadata: { theme: 'dark' } });
    h.users.patchMetadata(secondary.id!, {
      userMetadata: { theme: 'light', lang: 'es' },
      appMetadata: { plan: 'pro' },
    });
    h.users.signIn('dup@test.com', PASSWORD);
    const result = h.users.mergeUsers(primary.id!, secondary.id!);
    expect(result.secondary).toBe('trashed');
    expect(result.user.fields.identityProviders).toEqual([
      expect.objectContaining({ identityProvider: 'slack', externalId: 's-1' }),
      expect.objectContaining({ identityProvider: 'google', externalId: 'g-42' }),
    ]);
    expect(
      (result.user.fields.groups as { group: string; primary: boolean }[]).map((g) => [g.group, g.primary]),
    ).toEqual([
      ['Group1', true],
      ['guarded', false],
    ]);
    expect(h.users.getMetadata(primary.id!)).toEqual({
      userMetadata: { theme: 'dark', lang: 'es' },
      appMetadata: { plan: 'pro' },
    });
    expect(h.store.findById('sys.users', secondary.id!)!.fields).toMatchObject({
      state: 'TRASH',
      identityProviders: [],
    });
    expect(h.users.listSessions(secondary.id!)).toEqual([]);
    const merged = h.events.find((e) => e.type === 'user.merged')!;
    expect(merged).toMatchObject({
      recordId: primary.id,
      data: { secondaryId: secondary.id, secondary: 'trashed' },
    });
    expect(await codeOf(() => h.users.mergeUsers(primary.id!, primary.id!))).toMatch(/merged into itself/);
  });

  it('refuses a provider linked to both with different ids, changing nothing', async () => {
    const a = h.createUser({ identityProviders: [{ identityProvider: 'google', externalId: 'g-1' }] });
    const b = h.createUser({ identityProviders: [{ identityProvider: 'google', externalId: 'g-2' }] });
    expect(await codeOf(() => h.users.mergeUsers(a.id!, b.id!, { secondary: 'remove' }))).toMatch(
      /both users are linked to 'google' with different external ids/,
    );
    expect(h.store.findById('sys.users', b.id!)!.fields.identityProviders).toHaveLength(1);
    const c = h.createUser();
    expect(h.users.mergeUsers(a.id!, c.id!, { secondary: 'remove' }).secondary).toBe('removed');
    expect(h.store.findById('sys.users', c.id!)).toBeNull();
  });
});
