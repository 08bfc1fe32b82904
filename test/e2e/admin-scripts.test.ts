import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRuntime, example, messages, type TestRuntime } from '../support/test-runtime.js';

// The admin scripts of scripts-examples/, run as `warden run` runs them.
describe('admin scripts', () => {
  let w: TestRuntime;
  beforeEach(async () => {
    w = await createTestRuntime();
  });
  afterEach(() => w.dispose());

  const team = [
    { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' },
    { firstName: 'Alan', lastName: 'Turing', email: 'alan@example.com' },
  ];
  const onboard = (members: unknown[], group = 'Group1') =>
    w.run(example('admin/onboard-team.js'), { params: { team: members, group } });

  it('onboard-team creates each member with a welcome mail, and skips existing accounts', async () => {
    const { value, logs } = await onboard(team);
    expect(value).toEqual({ created: ['grace@example.com', 'alan@example.com'] });
    expect(messages(logs)).toEqual([
      'onboarded Grace Hopper <grace@example.com>',
      'onboarded Alan Turing <alan@example.com>',
    ]);
    expect((await w.mail.list()).map((m) => m.to).sort()).toEqual(['alan@example.com', 'grace@example.com']);
    const again = await onboard(team.slice(0, 1));
    expect(again.value).toEqual({ created: [] });
    expect(again.logs[0]).toMatchObject({ level: 'WARN' });
    await expect(onboard([])).rejects.toMatchObject({ code: 'badRequest' });
  });

  it('offboard-leaver unlinks providers, trims groups, hands over companies and deactivates', async () => {
    await onboard([...team, { firstName: 'Bo', lastName: 'Ss', email: 'boss@example.com' }]);
    const leaver = (await w.store.findOne('sys.users', 'grace@example.com'))!;
    await w.users.addIdentityProvider(leaver.id!, 'slack', 'U123');
    await w.run(`var u = sys.data.findOne('sys.users', 'grace@example.com');
      sys.users.addGroup(u, 'admins'); sys.data.save(u);
      ['Owned One', 'Owned Two'].forEach(function (n) {
        var c = sys.data.createRecord('companies'); c.field('name').val(n); c.field('owner').val(u); sys.data.save(c);
      });`);
    const { value } = await w.run(example('admin/offboard-leaver.js'), {
      params: { email: 'grace@example.com', successor: 'boss@example.com' },
    });
    expect(value).toEqual({ status: 'INACTIVE', companiesMoved: 2 });
    const after = (await w.store.findOne('sys.users', 'grace@example.com'))!;
    expect(after.fields.identityProviders).toEqual([]);
    expect((after.fields.groups as { group: string }[]).map((g) => g.group)).toEqual(['Group1']);
    const boss = (await w.store.findOne('sys.users', 'boss@example.com'))!;
    expect(await w.store.count('companies', { owner: boss.id })).toBe(2);
  });

  it('bulk-reset-blocked resets and reactivates every blocked user', async () => {
    await onboard(team);
    await w.run(`sys.data.find('sys.users', {}).toArray().forEach(function (u) {
      u.field('status').val('BLOCKED'); sys.data.save(u); });`);
    const mailsBefore = (await w.mail.list()).length;
    const { value } = await w.run(example('admin/bulk-reset-blocked.js'));
    expect((value as string[]).sort()).toEqual(['alan@example.com', 'grace@example.com']);
    expect(await w.store.count('sys.users', { status: 'BLOCKED' })).toBe(0);
    expect((await w.mail.list()).length).toBe(mailsBefore + 2);
  });
});
