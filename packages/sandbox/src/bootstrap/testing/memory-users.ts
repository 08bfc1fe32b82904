import { badRequest, type Fields, notFound, type WireRecord } from '@warden/sys-api';
import type { MemoryHost } from './memory-host.js';

type GroupItem = { group: string; primary: boolean; id?: string };

/** The `users.*` ops of the in-memory test host, with Warden's group and status rules. */
export function userOps(host: MemoryHost): Record<string, (args: unknown[]) => unknown> {
  const group = (g: unknown) => {
    const found = host.schema.groups.find((x) => x.id === g || x.name === g || x.label === g);
    if (!found) throw notFound(`memory host: no group ${String(g)}`);
    return found;
  };
  const groupsOf = (u: WireRecord) =>
    ((u.fields.groups as GroupItem[] | undefined) ?? []).map((x) => ({ ...x }));
  const savedUser = (u: unknown) => {
    const id = (u as WireRecord).id;
    if (!id) throw badRequest('memory host: the user has not been saved');
    const found = host.get('sys.users', id);
    if (!found) throw notFound(`memory host: no user ${id}`);
    return found;
  };
  const setStatus = (u: unknown, status: string) => {
    const user = savedUser(u);
    if (user.fields.status === status) return user;
    return host.persist('sys.users', { ...user, fields: { ...user.fields, status } });
  };
  const withFields = (u: WireRecord, fields: Fields): WireRecord => ({
    ...u,
    fields: { ...u.fields, ...fields },
  });
  const providers = (u: WireRecord) => (u.fields.identityProviders as Fields[] | undefined) ?? [];
  const provider = (p: unknown) => {
    const found = host.schema.identityProviders.find((x) => x.id === p || x.name === p);
    if (!found) throw notFound(`memory host: no identity provider ${String(p)}`);
    return found.name;
  };

  return {
    'users.activate': ([u]) => setStatus(u, 'ACTIVE'),
    'users.deactivate': ([u]) => setStatus(u, 'INACTIVE'),
    'users.resetPassword': ([u]) => {
      const user = savedUser(u);
      return {
        userId: user.id,
        userEmail: user.fields.email,
        resetCode: 'code-1',
        link: 'https://app.test/reset',
      };
    },
    'users.updatePassword': ([u]) => {
      const user = savedUser(u);
      return { userId: user.id, userEmail: user.fields.email };
    },
    'users.addIdentityProvider': ([id, p, externalId]) => {
      const user = savedUser({ id });
      const name = provider(p);
      const list = providers(user).filter((x) => x.identityProvider !== name);
      list.push({ identityProvider: name, externalId });
      return host.persist('sys.users', withFields(user, { identityProviders: list }));
    },
    'users.removeIdentityProvider': ([id, p]) => {
      const user = savedUser({ id });
      const list = providers(user).filter((x) => x.identityProvider !== p);
      return host.persist('sys.users', withFields(user, { identityProviders: list }));
    },
    'users.containsGroup': ([u, g]) => groupsOf(u as WireRecord).some((x) => x.group === group(g).name),
    'users.isPrimaryGroup': ([u, g]) =>
      groupsOf(u as WireRecord).some((x) => x.group === group(g).name && x.primary),
    'users.getPrimaryGroup': ([u]) => {
      const primary = groupsOf(u as WireRecord).find((x) => x.primary);
      return primary ? group(primary.group) : null;
    },
    'users.addGroup': ([u, g, primary]) => {
      const name = group(g).name;
      const list = groupsOf(u as WireRecord).filter((x) => x.group !== name);
      const makePrimary = primary === true || list.length === 0;
      if (makePrimary) for (const x of list) x.primary = false;
      list.push({ group: name, primary: makePrimary });
      return withFields(u as WireRecord, { groups: list });
    },
    'users.removeGroup': ([u, g]) => {
      const name = group(g).name;
      const list = groupsOf(u as WireRecord).filter((x) => x.group !== name);
      if (list.length > 0 && !list.some((x) => x.primary)) list[0]!.primary = true;
      return withFields(u as WireRecord, { groups: list });
    },
    'users.getEndpointConfiguration': ([u, endpoint]) => {
      const user = savedUser(u);
      return host.endpointConfigs.get(`${user.id}/${endpoint}`) ?? null;
    },
  };
}
