import type { Runtime } from '@warden/runtime';
import type { MiddlewareHandler } from 'hono';
import { problem } from './problem-details.js';

/** A `sys.users` record, as `runtime.users.verify` answers it. */
export type SignedInUser = Awaited<ReturnType<Runtime['users']['verify']>>;

/** What the server keeps on the request context once a bearer token was verified. */
export interface ServerEnv {
  Variables: {
    /** The signed-in user's record (`runtime.users.verify`). */
    user: SignedInUser;
    /** The bearer token the request carried. */
    token: string;
  };
}

/** Who counts as an administrator: a permission through authz, or membership of a group. */
export interface AdminPolicy {
  /** A permission of the app's authorization that grants the admin routes (default `warden:admin`). */
  permission: string;
  /** A group whose members may use the admin routes (default `admins`); null for none. */
  group: string | null;
}

/** Reads `Authorization: Bearer <token>` and verifies it; 401 problem details otherwise. */
export function requireUser(runtime: Runtime): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header);
    if (!match) return problem(c, 401, 'forbidden', 'a bearer session token is required');
    const token = match[1] as string;
    let user: SignedInUser;
    try {
      user = await runtime.users.verify(token);
    } catch {
      return problem(c, 401, 'forbidden', 'the session token is not valid');
    }
    c.set('user', user);
    c.set('token', token);
    await next();
  };
}

/** True when the user holds the admin permission or is in the admin group. */
export async function isAdmin(runtime: Runtime, user: SignedInUser, policy: AdminPolicy) {
  if (policy.group !== null && (await runtime.users.containsGroup(user, policy.group).catch(() => false)))
    return true;
  return runtime.users.hasPermission(user, policy.permission).catch(() => false);
}

/** After `requireUser`: 403 problem details for a caller who is not an administrator. */
export function requireAdmin(runtime: Runtime, policy: AdminPolicy): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (!(await isAdmin(runtime, c.get('user'), policy)))
      return problem(
        c,
        403,
        'forbidden',
        `${c.req.method} ${c.req.routePath}: this route needs an administrator`,
      );
    await next();
  };
}
