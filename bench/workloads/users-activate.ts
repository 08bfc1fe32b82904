import { compare } from '../harness/compare.js';
import { atLeastPercent } from '../harness/report.js';
import { addComparison, pick, rounds, type Workload, wardenRun } from '../harness/workload.js';

// `count` is an even multiple of the users, so every round ends with every user ACTIVE again.
const SCRIPT = `
var users = ids.map(function (id) { return sys.data.findById('sys.users', id); });
for (var i = 0; i < count; i++) {
  var k = i % users.length;
  var active = users[k].field('status').val() === 'ACTIVE';
  users[k] = active ? sys.users.deactivate(users[k]) : sys.users.activate(users[k]);
}
return users.filter(function (u) { return u.field('status').val() === 'ACTIVE'; }).length;`;

/** `sys.users.deactivate`/`activate` alternating over a set of users, ×10k in one run. */
export const usersActivate: Workload = {
  name: 'users',
  async run(env, report) {
    const count = pick(env, 10_000, 500);
    const ids = await env.userIds(pick(env, 100, 50));
    await env.runtime();
    const { store, users } = env.direct();
    const raw = env.raw();
    const vm = await env.vm();
    const warden = wardenRun(env, SCRIPT, { ids, count });

    const m = await compare(
      {
        warden: warden.run,
        direct: () =>
          store.transaction(() => {
            const list = ids.map((id) => store.findById('sys.users', id)!);
            for (let i = 0; i < count; i++) {
              const k = i % list.length;
              const user = list[k]!;
              list[k] = user.fields.status === 'ACTIVE' ? users.deactivate(user) : users.activate(user);
            }
            return list.filter((u) => u.fields.status === 'ACTIVE').length;
          }),
        raw: () =>
          raw.transaction(() => {
            const status = new Map(ids.map((id) => [id, raw.findById('sys.users', id)!.fields.status]));
            for (let i = 0; i < count; i++) {
              const id = ids[i % ids.length]!;
              const next = status.get(id) === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE';
              status.set(id, raw.setField('sys.users', id, 'status', next).fields.status);
            }
            return [...status.values()].filter((s) => s === 'ACTIVE').length;
          }),
        vm: () => vm(SCRIPT, { ids, count }),
      },
      rounds(env, count),
    );
    addComparison(report, {
      workload: `\`sys.users.activate\`/\`deactivate\` ×${count.toLocaleString('en')} in one run (per call)`,
      short: 'activate/deactivate',
      m,
      against: 'direct',
      target: atLeastPercent(50, 'direct'),
    });
    report.notes.push(...warden.notes('activate/deactivate run'));
  },
};
