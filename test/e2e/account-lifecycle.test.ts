import type { WardenEvent } from '@warden/sys-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_APP, LIFECYCLE_PASSWORD, lifecycleUser } from '../support/lifecycle-app.js';
import { createTestRuntime, type TestRuntime } from '../support/test-runtime.js';

// States, metadata, search and merge end to end: runtime.users and sys.users over a real SQLite
// file and real isolates, events to a runtime listener.
describe('account lifecycle through runtime.users and scripts', () => {
  let w: TestRuntime;
  const events: WardenEvent[] = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    w = await createTestRuntime({ app: LIFECYCLE_APP });
    w.on('*', (e) => {
      if (e.type.startsWith('user.')) events.push(e);
    });
    const add = async (key: string, first: string, last: string, group: string) => {
      ids[key] = (await w.store.insert('sys.users', lifecycleUser(first, last, `${key}@desk.io`, group)))
        .id as string;
    };
    await add('ann', 'Ann', 'Agent', 'agents');
    await add('sue', 'Sue', 'Supervisor', 'supervisors');
    await add('vic', 'Vic', 'Viewer', 'viewers');
    await add('tom', 'Tomás', 'Trashman', 'agents');
  });
  afterAll(() => w?.dispose());

  const waitFor = async (type: string) => {
    for (let i = 0; i < 150 && !events.some((e) => e.type === type); i++)
      await new Promise((r) => setTimeout(r, 20));
    return events.filter((e) => e.type === type);
  };

  it('a script trashes users by query; they cannot sign in; the host restores them', async () => {
    const { value } = await w.run(`return sys.users.setState({ lastName: 'Trashman' }, 'TRASH');`);
    expect(value).toEqual({ changed: 1 });
    await expect(w.users.signIn('tom@desk.io', LIFECYCLE_PASSWORD)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'signIn: invalid email or password',
    });
    expect((await waitFor('user.stateChanged'))[0]).toMatchObject({
      recordId: ids.tom,
      data: { from: 'PUBLIC', to: 'TRASH' },
    });
    await expect(w.run(`return sys.users.setState('${ids.tom}', 'DELETED');`)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await w.users.restore(ids.tom!)).fields.state).toBe('PUBLIC');
    expect(await w.users.signIn('tom@desk.io', LIFECYCLE_PASSWORD)).toMatchObject({ status: 'ok' });
    const draft = await w.run(`sys.users.setState('${ids.tom}', 'DRAFT');
      return sys.data.findById('sys.users', '${ids.tom}').field('state').val();`);
    expect(draft.value).toBe('DRAFT');
    await expect(w.users.signIn('tom@desk.io', LIFECYCLE_PASSWORD)).rejects.toMatchObject({
      code: 'forbidden',
    });
    await w.users.setState(ids.tom!, 'PUBLIC');
  });

  it('scripts patch userMetadata; appMetadata needs the host or the run grant', async () => {
    const script = `return sys.users.patchMetadata('${ids.ann}', { userMetadata: { theme: 'dark', tips: { shown: 3 } } });`;
    expect((await w.run(script)).value).toEqual({
      userMetadata: { theme: 'dark', tips: { shown: 3 } },
      appMetadata: {},
    });
    const sneaky = `return sys.users.patchMetadata('${ids.ann}', { appMetadata: { plan: 'enterprise' } });`;
    await expect(w.run(sneaky)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('appMetadata'),
    });
    // Nor as part of a patch that also carries userMetadata: the whole call is refused.
    await expect(
      w.run(
        `return sys.users.patchMetadata('${ids.ann}', { userMetadata: { a: 1 }, appMetadata: { plan: 'x' } });`,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await w.users.getMetadata(ids.ann!)).appMetadata).toEqual({});
    const granted = await w.run(sneaky, { appMetadata: true });
    expect((granted.value as { appMetadata: unknown }).appMetadata).toEqual({ plan: 'enterprise' });
    const host = await w.users.patchMetadata(ids.ann!, {
      appMetadata: { plan: null, seats: 5 },
      userMetadata: { tips: null },
    });
    expect(host).toEqual({ userMetadata: { theme: 'dark' }, appMetadata: { seats: 5 } });
    expect((await w.run(`return sys.users.getMetadata('${ids.ann}');`)).value).toEqual(host);
    expect((await waitFor('user.metadataChanged')).length).toBeGreaterThanOrEqual(3);
  });

  it('searches fuzzily from the host and scripts, with paging and a total', async () => {
    const host = await w.users.search('tomas trash');
    expect(host.users.map((u) => u.id)).toEqual([ids.tom]);
    expect((await w.users.search('desk.io', { limit: 2 })).total).toBe(4);
    const page = await w.run(`var r = sys.users.search('desk', { limit: 2, offset: 2 });
      return { total: r.total, names: r.users.map(function (u) { return u.label(); }) };`);
    expect(page.value).toMatchObject({ total: 4 });
    expect((page.value as { names: string[] }).names).toHaveLength(2);
    expect(await w.users.exists('sue@desk.io')).toBe(true);
    expect((await w.run(`return sys.users.exists({ email: 'nobody@desk.io' });`)).value).toBe(false);
  });

  it('search and exists under access rules see only the users the run may see', async () => {
    const mine = await w.run(
      `var r = sys.users.search('desk'); return [r.total, r.users.map(function (u) { return u.id(); })];`,
      {
        as: 'ann@desk.io',
      },
    );
    expect(mine.value).toEqual([1, [ids.ann]]);
    const sue = await w.run(`return sys.users.search('desk').total;`, { as: 'sue@desk.io' });
    expect(sue.value).toBe(4);
    // Viewers may not read emails: a search (which looks in them) would tell who has one.
    await expect(w.run(`return sys.users.search('sue');`, { as: 'vic@desk.io' })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('email'),
    });
    const exists = await w.run(
      `return [sys.users.exists({ email: 'sue@desk.io' }), sys.users.exists({ email: 'ann@desk.io' })];`,
      {
        as: 'ann@desk.io',
      },
    );
    expect(exists.value).toEqual([false, true]);
    // A bulk change finds through the run's rules: users it may not see are not changed…
    const hidden = await w.run(`return sys.users.setState('${ids.sue}', 'TRASH');`, { as: 'ann@desk.io' });
    expect(hidden.value).toEqual({ changed: 0 });
    expect((await w.store.findById('sys.users', ids.sue!))!.fields.state).toBe('PUBLIC');
    // …and one it sees but may not edit is refused, nothing changed.
    await expect(
      w.run(`return sys.users.setState('${ids.ann}', 'TRASH');`, { as: 'ann@desk.io' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect((await w.store.findById('sys.users', ids.ann!))!.fields.state).toBe('PUBLIC');
  });

  it('a script merges a duplicate account into the main one, with a user.merged event', async () => {
    const dup = await w.store.insert(
      'sys.users',
      lifecycleUser('Annie', 'Agent', 'ann.dup@desk.io', 'supervisors'),
    );
    await w.users.patchMetadata(dup.id as string, { userMetadata: { lang: 'es', theme: 'light' } });
    await w.users.signIn('ann.dup@desk.io', LIFECYCLE_PASSWORD);
    const merged = await w.run(`var r = sys.users.merge('${ids.ann}', '${dup.id}');
      return { secondary: r.secondary, groups: r.user.field('groups').val().length };`);
    expect(merged.value).toEqual({ secondary: 'trashed', groups: 2 });
    expect((await w.users.getMetadata(ids.ann!)).userMetadata).toEqual({ theme: 'dark', lang: 'es' });
    expect(await w.users.listSessions(dup.id as string)).toEqual([]);
    expect((await waitFor('user.merged'))[0]).toMatchObject({
      recordId: ids.ann,
      data: { secondaryId: dup.id },
    });
  });
});
