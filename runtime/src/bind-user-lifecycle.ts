import { badRequest, type RecordData, WardenError } from '@warden/sys-api';
import { str } from './bind-args.js';
import type { OpTable } from './op-table.js';
import { readerOf, requireRight, runAccess } from './run-access.js';
import { type RunState, toWire } from './run-state.js';

/** The grant (`RunRequest.grants`) that lets a run write users' `appMetadata`. */
export const APP_METADATA = 'appMetadata';

const USERS = 'sys.users';
/** Most users one `sys.users.setState` may change (the host's setState has no bound). */
const MAX_STATE_CHANGES = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function queryArg(op: string, value: unknown): Record<string, unknown> {
  if (typeof value === 'string' && value !== '') return { id: value };
  if (isObject(value)) return value;
  throw badRequest(`${op}: query must be a user id or a query object`);
}

/**
 * `sys.users` calls of the account lifecycle: states (no purge: DELETED is the host's), metadata
 * (appMetadata only with the run's `appMetadata` grant), search and `exists` (through the run's
 * access rules), and account merge. Under access rules a change needs edit on every user it
 * touches, a read needs access.
 */
export function bindLifecycleOps(state: RunState): OpTable {
  const { users } = state;
  const userId = (op: string, value: unknown, right: 'edit' | 'access') => {
    const id = str(`sys.users.${op}`, 'user', value);
    state.touch();
    requireRight(state, `sys.users.${op}`, USERS, id, right);
    return id;
  };
  return {
    'users.setState': ([query, target]) => {
      const op = 'sys.users.setState';
      if (target === 'DELETED') {
        throw new WardenError(
          'forbidden',
          `${op}: purging users (DELETED) is a host call; trash them instead`,
        );
      }
      const q = queryArg(op, query);
      state.touch();
      let changed = 0;
      let seen = 0;
      for (const user of readerOf(state).find(USERS, q)) {
        if (++seen > MAX_STATE_CHANGES) {
          throw badRequest(`${op}: the query finds more than ${MAX_STATE_CHANGES} users; narrow it`);
        }
        requireRight(state, op, USERS, user.id!, 'edit');
        changed += users.setState(user.id!, str(op, 'state', target)).changed;
      }
      return { changed };
    },
    'users.restore': ([u, target]) =>
      toWire(USERS, users.restore(userId('restore', u, 'edit'), (target ?? 'PUBLIC') as 'PUBLIC')),
    'users.getMetadata': ([u]) => users.getMetadata(userId('getMetadata', u, 'access')),
    'users.patchMetadata': ([u, patch]) => {
      const op = 'sys.users.patchMetadata';
      if (isObject(patch) && Object.hasOwn(patch, 'appMetadata') && !state.appMetadata) {
        throw new WardenError(
          'forbidden',
          `${op}: appMetadata is written by the host, or by a run it grants appMetadata; scripts may patch userMetadata`,
        );
      }
      return users.patchMetadata(userId('patchMetadata', u, 'edit'), patch as never);
    },
    'users.search': ([text, options]) => {
      const op = 'sys.users.search';
      state.touch();
      const access = runAccess(state);
      const answer = (r: { total: number; users: RecordData[] }) => ({
        total: r.total,
        users: r.users.map((x) => toWire(USERS, x)),
      });
      if (!access) return answer(users.search(text as string, options as never));
      const rules = access.reader.rules[USERS] ?? { where: 'none' as const };
      // A search on a field the user may not read would tell who has that value: refused.
      const hidden = users.searchFields().filter((f) => rules.hidden?.includes(f));
      if (hidden.length > 0) {
        throw new WardenError(
          'forbidden',
          `${op}: the user may not read ${hidden.join(', ')} of sys.users, which search looks in`,
        );
      }
      const where = rules.where;
      return answer(
        users.searchVisible(text as string, options, {
          admits: (id) =>
            where === 'all' ? true : where === 'none' ? false : access.reader.matches(USERS, id, [where]),
          read: (id) => access.reader.findById(USERS, id),
        }),
      );
    },
    'users.exists': ([query]) => {
      const op = 'sys.users.exists';
      if (!isObject(query)) throw badRequest(`${op}: query must be a query object, such as {email: '…'}`);
      state.touch();
      return readerOf(state).count(USERS, query) > 0;
    },
    'users.merge': ([primary, secondary, options]) => {
      const p = userId('merge', primary, 'edit');
      const s = userId('merge', secondary, 'edit');
      const result = users.mergeUsers(p, s, (options ?? undefined) as never);
      return {
        user: toWire(USERS, result.user),
        secondaryId: result.secondaryId,
        secondary: result.secondary,
      };
    },
  };
}
